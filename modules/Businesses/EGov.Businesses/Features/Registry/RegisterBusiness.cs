using System.Text.Json;
using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Parties;
using EGov.Businesses.Contracts;
using EGov.Businesses.Domain;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Idempotency;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace EGov.Businesses.Features.Registry;

internal sealed record RegisterBusinessRequest(
    string? Name,
    [property: System.ComponentModel.DataAnnotations.AllowedValues("PrivateLimitedCompany", "PublicLimitedCompany", "GeneralPartnership", "LimitedPartnership", "Cooperative")] string? LegalForm,
    AddressRequest? RegisteredAddress,
    List<string?>? ActivityCodes,
    MoneyRequest? ShareCapital,
    DateOnly? FoundedOn,
    List<OfficerRequest?>? Officers,
    List<OwnerRequest?>? BeneficialOwners);

/// <summary>A registry official registers a company: its incorporation filing opens the ledger.</summary>
internal static class RegisterBusiness
{
    public const string IdempotencyScope = "g2b.businesses.register";

    public static void Map(IEndpointRouteBuilder module) =>
        module.MapPost("/businesses", HandleAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Registrar))
            .WithName("RegisterBusiness")
            .WithSummary("Register a company")
            .WithDescription(
                "A registry official (role `registrar`) registers a company: name (unique without case and diacritics), legal form, registered address, " +
                "NACE Rev. 2 activity codes, share capital, founding date, at least one director, beneficial owners. The registration number (`BRN-` and six digits) " +
                "comes from the register's sequence; the annual confirmation falls due on the anniversary. Requires an `Idempotency-Key` header. " +
                "A name already registered → 409 naming the clashing company (`clashingBusiness`).")
            .Produces<BusinessRecordResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> HandleAsync(
        RegisterBusinessRequest request,
        [FromHeader(Name = IdempotencyKeys.HeaderName)] string? idempotencyKey,
        BusinessesDb db,
        NoticeInbox<BusinessesDb> inbox,
        ICurrentUser user,
        TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var key = IdempotencyKeys.Validate(idempotencyKey, errors);
        var input = Read(request, Register.Today(clock), errors);
        if (errors.Any || input is null)
        {
            return Problems.Validation(errors);
        }

        var (name, form, address, codes, capital, currency, founded, officers, owners) = input.Value;
        var hash = IdempotencyKeys.Hash(JsonSerializer.Serialize(request, Register.Json));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await Register.LockNameAsync(db, name, ct);
        var outcome = await IdempotentCreate.RunAsync<NameClash>(db, new IdempotentRequest(IdempotencyScope, user.Actor, key!, hash), async token =>
        {
            if (await Register.ClashAsync(db, name, token) is { } clash)
            {
                return CreateAttempt<NameClash>.Refuse(clash);
            }

            var now = clock.GetUtcNow();
            var number = await Register.NextNumberAsync(db, token);
            var actor = new FilingActor(FilerKind.Registrar, user.Actor);
            var (business, filing) = Business.Register(Guid.CreateVersion7(now), number, name, form, address, codes, capital, currency, founded, officers, owners, actor, now);
            db.Businesses.Add(business);
            Stage(db, business, filing, now);
            db.Audit(user, "business.registered", "business", number, new { business.LegalForm, Officers = officers.Count, Owners = owners.Count });
            await inbox.SendAsync(PartyRef.Business(number), null, "business-registered",
                new NoticeValues { { "name", business.Name }, { "number", number }, { "dueDate", business.ConfirmationDueOn } }, null, token);
            var state = business.AsOf(business.RegisteredOn)!;
            var body = JsonSerializer.Serialize(BusinessRecordResponse.From(business, state, business.RegisteredOn), Register.Json);
            return CreateAttempt<NameClash>.Created(new StoredAnswer(StatusCodes.Status201Created, body, $"{BusinessesModule.Descriptor.RoutePrefix}/businesses/{number}"));
        }, clock, ct);
        await transaction.CommitAsync(ct);
        return outcome switch
        {
            IdempotentOutcome<NameClash>.Answered answered => Answer(answered.Answer),
            IdempotentOutcome<NameClash>.Refused refused => Register.Conflict(refused.Refusal),
            _ => Problems.Conflict($"This {IdempotencyKeys.HeaderName} was already used with a different request."),
        };
    }

    /// <summary>The events of a new registration; the caller saves.</summary>
    public static void Stage(BusinessesDb db, Business business, Filing filing, DateTimeOffset now)
    {
        db.Publish(new BusinessRegistered(business.Number, business.Name, business.LegalForm.ToString(), business.RegisteredOn, business.FoundedOn, business.ActivityCodes, now));
        db.Publish(new FilingRegistered(business.Number, filing.Id, filing.Sequence, filing.Kind.ToString(), filing.EffectiveOn, null, now));
        foreach (var officer in business.Officers)
        {
            db.Publish(new OfficerAppointed(business.Number, officer.Id, officer.Role.ToString(), officer.AppointedOn));
        }

        foreach (var owner in business.Owners)
        {
            db.Publish(new BeneficialOwnerNotified(business.Number, owner.Id, owner.NotifiedOn));
        }
    }

    public static IResult Answer(StoredAnswer answer) =>
        new StoredResult(answer);

    private static (BusinessName, LegalForm, Address, List<string>, decimal, string, DateOnly, List<OfficerAppointment>, List<OwnerNotice>)? Read(
        RegisterBusinessRequest request, DateOnly today, ValidationErrors errors)
    {
        BusinessName? name = null;
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add("name", "'name' is required.");
        }
        else if (request.Name.Trim().Length > BusinessName.MaxLength)
        {
            errors.Add("name", $"'name' is at most {BusinessName.MaxLength} characters.");
        }
        else if ((name = BusinessName.From(request.Name)) is null)
        {
            errors.Add("name", "A name has at least one letter or digit.");
        }

        var form = RegistryInput.Enum<LegalForm>(request.LegalForm, "legalForm", errors, required: true);
        var address = RegistryInput.Address(request.RegisteredAddress, "registeredAddress", errors);
        var codes = RegistryInput.Codes(request.ActivityCodes, "activityCodes", errors);
        var (capital, currency) = Money(request.ShareCapital, errors);
        if (request.FoundedOn is null)
        {
            errors.Add("foundedOn", "'foundedOn' is required.");
        }
        else if (request.FoundedOn > today || request.FoundedOn < new DateOnly(1800, 1, 1))
        {
            errors.Add("foundedOn", "'foundedOn' is a day between 1800-01-01 and today.");
        }

        var officers = new List<OfficerAppointment>();
        if (request.Officers is not { Count: > 0 })
        {
            errors.Add("officers", "A company is registered with at least one director.");
        }
        else if (request.Officers.Count > RegistryInput.MaxOfficers)
        {
            errors.Add("officers", $"At most {RegistryInput.MaxOfficers} officers.");
        }
        else
        {
            for (var i = 0; i < request.Officers.Count; i++)
            {
                if (RegistryInput.Officer(request.Officers[i], $"officers[{i}]", errors) is { } officer)
                {
                    officers.Add(officer);
                }
            }

            if (officers.Count == request.Officers.Count && !officers.Any(o => o.Role == OfficerRole.Director))
            {
                errors.Add("officers", "A company is registered with at least one director.");
            }

            if (officers.GroupBy(o => (o.Role, o.Person.NationalId)).Any(g => g.Count() > 1))
            {
                errors.Add("officers", "A person holds one office once.");
            }
        }

        var owners = new List<OwnerNotice>();
        if (request.BeneficialOwners is { Count: > RegistryInput.MaxOwners })
        {
            errors.Add("beneficialOwners", $"At most {RegistryInput.MaxOwners} beneficial owners.");
        }
        else if (request.BeneficialOwners is not null)
        {
            for (var i = 0; i < request.BeneficialOwners.Count; i++)
            {
                if (RegistryInput.Owner(request.BeneficialOwners[i], $"beneficialOwners[{i}]", errors) is { } owner)
                {
                    owners.Add(owner);
                }
            }

            if (owners.GroupBy(o => o.Person.NationalId).Any(g => g.Count() > 1))
            {
                errors.Add("beneficialOwners", "A person is notified as a beneficial owner once.");
            }
            else if (Business.BandsImpossible([.. owners.Select(o => o.Control)]) is { } band)
            {
                errors.Add("beneficialOwners", $"The {band} bands of the owners add up to more than 100 %.");
            }
        }

        if (errors.Any || name is null || form is null || address is null || codes is null || currency is null)
        {
            return null;
        }

        return (name, form.Value, address, codes, capital, currency, request.FoundedOn!.Value, officers, owners);
    }

    private static (decimal Amount, string? Currency) Money(MoneyRequest? money, ValidationErrors errors)
    {
        if (money is null)
        {
            errors.Add("shareCapital", "'shareCapital' is required: an amount and a currency.");
            return (0, null);
        }

        var ok = true;
        if (money.Amount is not { } amount || amount < 0 || amount > 1_000_000_000_000m || decimal.Round(amount, 2) != amount)
        {
            errors.Add("shareCapital.amount", "'shareCapital.amount' is 0 to 1,000,000,000,000 with at most two decimals.");
            ok = false;
        }

        if (money.Currency is not [>= 'A' and <= 'Z', >= 'A' and <= 'Z', >= 'A' and <= 'Z'])
        {
            errors.Add("shareCapital.currency", "'shareCapital.currency' is an ISO 4217 code in capitals, e.g. EUR.");
            ok = false;
        }

        return ok ? (money.Amount!.Value, money.Currency) : (0, null);
    }
}

/// <summary>A stored answer of an idempotent create, written as it was first given.</summary>
internal sealed class StoredResult(StoredAnswer answer) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (answer.Location is not null)
        {
            httpContext.Response.Headers.Location = answer.Location;
        }

        return TypedResults.Content(answer.Body, "application/json", System.Text.Encoding.UTF8, answer.StatusCode).ExecuteAsync(httpContext);
    }
}
