using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Registry;
using EGov.SharedKernel.Http;

namespace EGov.Businesses.Features.Filings;

/// <summary>
/// A filing to the register. <c>kind</c> says which members it takes: ChangeOfAddress (registeredAddress),
/// Appointment (officer), Cessation (officerId), OwnerNotified (owner), OwnerCeased (ownerId), NameChange (name),
/// AnnualConfirmation (nothing), Correction (corrects and registeredAddress or officer).
/// </summary>
internal sealed record FileRequest(
    [property: Required, AllowedValues("ChangeOfAddress", "Appointment", "Cessation", "OwnerNotified", "OwnerCeased", "NameChange", "AnnualConfirmation", "Correction")]
    string? Kind,
    [property: Description("The day the filing takes effect (yyyy-MM-dd); today when left out. Up to 366 days ahead.")] DateOnly? EffectiveOn,
    AddressRequest? RegisteredAddress,
    OfficerRequest? Officer,
    OwnerRequest? Owner,
    Guid? OfficerId,
    Guid? OwnerId,
    string? Name,
    [property: Description("The filing a correction corrects (a change of address or an appointment).")] Guid? Corrects);

/// <summary>A filing as read: the kind and the one thing it carries.</summary>
internal sealed record FilingInstruction(
    FilingKind Kind, DateOnly EffectiveOn, Address? Address = null, OfficerAppointment? Officer = null, OwnerNotice? Owner = null,
    Guid? OfficerId = null, Guid? OwnerId = null, BusinessName? Name = null, Guid? Corrects = null);

internal static class FilingInput
{
    public static readonly IReadOnlyList<FilingKind> Fileable =
        [.. Enum.GetValues<FilingKind>().Where(k => k != FilingKind.Incorporation)];

    public static FilingKind? Kind(string? value, ValidationErrors errors)
    {
        var kind = RegistryInput.Enum<FilingKind>(value, "kind", errors, required: true);
        if (kind == FilingKind.Incorporation)
        {
            errors.Add("kind", "A business is incorporated by registering it (POST /api/g2b/businesses).");
            return null;
        }

        return kind;
    }

    public static FilingInstruction? Read(FileRequest request, DateOnly today, ValidationErrors errors)
    {
        var before = errors.Count;
        var kind = Kind(request.Kind, errors);
        var effectiveOn = request.EffectiveOn ?? today;
        if (kind is null)
        {
            return null;
        }

        var allowed = kind.Value switch
        {
            FilingKind.ChangeOfAddress => new[] { "registeredAddress" },
            FilingKind.Appointment => ["officer"],
            FilingKind.Cessation => ["officerId"],
            FilingKind.OwnerNotified => ["owner"],
            FilingKind.OwnerCeased => ["ownerId"],
            FilingKind.NameChange => ["name"],
            FilingKind.Correction => ["corrects", "registeredAddress", "officer"],
            _ => [],
        };
        foreach (var (member, given) in new (string, bool)[]
                 {
                     ("registeredAddress", request.RegisteredAddress is not null), ("officer", request.Officer is not null),
                     ("owner", request.Owner is not null), ("officerId", request.OfficerId is not null), ("ownerId", request.OwnerId is not null),
                     ("name", request.Name is not null), ("corrects", request.Corrects is not null),
                 })
        {
            if (given && !allowed.Contains(member))
            {
                errors.Add(member, $"A {kind} filing takes no '{member}'.");
            }
        }

        FilingInstruction? instruction = null;
        switch (kind.Value)
        {
            case FilingKind.ChangeOfAddress:
                if (RegistryInput.Address(request.RegisteredAddress, "registeredAddress", errors) is { } address)
                {
                    instruction = new(kind.Value, effectiveOn, Address: address);
                }

                break;
            case FilingKind.Appointment:
                if (RegistryInput.Officer(request.Officer, "officer", errors) is { } officer)
                {
                    instruction = new(kind.Value, effectiveOn, Officer: officer);
                }

                break;
            case FilingKind.Cessation:
                instruction = Required(request.OfficerId, "officerId", errors) is { } officerId ? new(kind.Value, effectiveOn, OfficerId: officerId) : null;
                break;
            case FilingKind.OwnerNotified:
                if (RegistryInput.Owner(request.Owner, "owner", errors) is { } owner)
                {
                    instruction = new(kind.Value, effectiveOn, Owner: owner);
                }

                break;
            case FilingKind.OwnerCeased:
                instruction = Required(request.OwnerId, "ownerId", errors) is { } ownerId ? new(kind.Value, effectiveOn, OwnerId: ownerId) : null;
                break;
            case FilingKind.NameChange:
                if (string.IsNullOrWhiteSpace(request.Name))
                {
                    errors.Add("name", "'name' is required.");
                }
                else if (request.Name.Trim().Length > BusinessName.MaxLength)
                {
                    errors.Add("name", $"'name' is at most {BusinessName.MaxLength} characters.");
                }
                else if (BusinessName.From(request.Name) is { } name)
                {
                    instruction = new(kind.Value, effectiveOn, Name: name);
                }
                else
                {
                    errors.Add("name", "A name has at least one letter or digit.");
                }

                break;
            case FilingKind.AnnualConfirmation:
                instruction = new(kind.Value, effectiveOn);
                break;
            case FilingKind.Correction:
                var corrects = Required(request.Corrects, "corrects", errors);
                if ((request.RegisteredAddress is null) == (request.Officer is null))
                {
                    errors.Add("corrects", "A correction carries either the corrected 'registeredAddress' or the corrected 'officer'.");
                }
                else if (request.RegisteredAddress is not null)
                {
                    var corrected = RegistryInput.Address(request.RegisteredAddress, "registeredAddress", errors);
                    instruction = corrects is null || corrected is null ? null : new(kind.Value, effectiveOn, Address: corrected, Corrects: corrects);
                }
                else
                {
                    var corrected = RegistryInput.Officer(request.Officer, "officer", errors);
                    instruction = corrects is null || corrected is null ? null : new(kind.Value, effectiveOn, Officer: corrected, Corrects: corrects);
                }

                break;
        }

        return errors.Count > before ? null : instruction;
    }

    private static Guid? Required(Guid? value, string field, ValidationErrors errors)
    {
        if (value is null || value == Guid.Empty)
        {
            errors.Add(field, $"'{field}' is required.");
            return null;
        }

        return value;
    }
}
