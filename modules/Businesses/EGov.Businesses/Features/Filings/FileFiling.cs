using System.Globalization;
using System.Text.Json;
using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Parties;
using EGov.Businesses.Contracts;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Features.Representation;
using EGov.Businesses.Persistence;
using EGov.Businesses.Sessions;
using EGov.SharedKernel.Auditing;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Idempotency;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Orleans;

namespace EGov.Businesses.Features.Filings;

/// <summary>A representative files to the register through their business session.</summary>
internal static class FileFiling
{
    public const string IdempotencyScope = "g2b.filings.file";

    public static void Map(RouteGroupBuilder business) =>
        business.MapPost("/filings", HandleAsync)
            .WithName("FileBusinessFiling")
            .WithSummary("File to the register")
            .WithDescription(
                "An officer in office or the holder of a mandate with scope `Filings` files a change: ChangeOfAddress, Appointment, Cessation, OwnerNotified, OwnerCeased, " +
                "NameChange, AnnualConfirmation or Correction. `effectiveOn` may lie ahead (up to 366 days): the register shows the change from that day. " +
                "The power is checked on this very request; a representative without one gets 404, a mandate without the scope 403. Requires an `Idempotency-Key` header. " +
                "A rule of the register (last director, confirmation not yet due, name taken …) → 409; too many filings → 429 with Retry-After.")
            .Produces<FilingResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<IResult> HandleAsync(
        string number,
        FileRequest request,
        [FromHeader(Name = IdempotencyKeys.HeaderName)] string? idempotencyKey,
        HttpContext http,
        IGrainFactory grains,
        TimeProvider clock)
    {
        var errors = new ValidationErrors();
        var key = IdempotencyKeys.Validate(idempotencyKey, errors);
        var instruction = FilingInput.Read(request, Register.Today(clock), errors);
        if (errors.Any || instruction is null)
        {
            return Problems.Validation(errors);
        }

        var acting = BusinessAccess.Acting(http);
        var json = JsonSerializer.Serialize(request with { EffectiveOn = instruction.EffectiveOn }, Register.Json);
        var outcome = await BusinessAccess.Session(grains, acting, number).FileAsync(acting, new FilingCommand
        {
            RequestJson = json,
            IdempotencyKey = key!,
            RequestHash = IdempotencyKeys.Hash(json),
            Kind = instruction.Kind.ToString(),
        });
        return SessionResults.ToHttp(outcome, http);
    }
}

/// <summary>The database side of a filing: apply it to the aggregate, publish, audit, notify, save — once per key.</summary>
internal sealed class BusinessFiling(BusinessesDb db, NoticeInbox<BusinessesDb> inbox, TimeProvider clock) : IBusinessFiling
{
    private sealed record Refusal(SessionOutcome Outcome);

    public async Task<SessionOutcome> FileAsync(string number, ActingRepresentative representative, Guid? mandateId, FilingCommand command)
    {
        var ct = CancellationToken.None;
        var request = JsonSerializer.Deserialize<FileRequest>(command.RequestJson, Register.Json)!;
        var errors = new ValidationErrors();
        var instruction = FilingInput.Read(request, Register.Today(clock), errors);
        if (instruction is null)
        {
            return new SessionOutcome { Kind = SessionOutcomeKind.Invalid, Errors = new(errors.ToDictionary()) };
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (instruction.Name is { } newName)
        {
            await Register.LockNameAsync(db, newName, ct);
        }

        var idempotent = new IdempotentRequest(FileFiling.IdempotencyScope, representative.Actor, command.IdempotencyKey, command.RequestHash);
        IdempotentOutcome<Refusal> outcome;
        try
        {
            outcome = await RunAsync(number, representative, mandateId, instruction, idempotent, ct);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
        {
            return SessionOutcome.Of(SessionOutcomeKind.Conflict, "The register entry changed while this filing was made: file it again.");
        }

        await transaction.CommitAsync(ct);
        return outcome switch
        {
            IdempotentOutcome<Refusal>.Answered answered => new SessionOutcome
            {
                Kind = SessionOutcomeKind.Ok,
                Answer = new StoredFiling { StatusCode = answered.Answer.StatusCode, Body = answered.Answer.Body, Location = answered.Answer.Location, Replayed = answered.Replayed },
            },
            IdempotentOutcome<Refusal>.Refused refused => refused.Refusal.Outcome,
            _ => SessionOutcome.Of(SessionOutcomeKind.KeyReused, $"This {IdempotencyKeys.HeaderName} was already used with a different request."),
        };
    }

    private Task<IdempotentOutcome<Refusal>> RunAsync(
        string number, ActingRepresentative representative, Guid? mandateId, FilingInstruction instruction, IdempotentRequest idempotent, CancellationToken ct) =>
        IdempotentCreate.RunAsync<Refusal>(db, idempotent, async token =>
        {
            var business = await Register.LoadAsync(db, number, track: true, token);
            if (business is null)
            {
                return CreateAttempt<Refusal>.Refuse(new(SessionOutcome.Of(SessionOutcomeKind.NoPower, $"There is no business {number} you may act for.")));
            }

            if (instruction.Name is { } name && await Register.ClashAsync(db, name, token) is { } clash)
            {
                return CreateAttempt<Refusal>.Refuse(new(SessionOutcome.Of(SessionOutcomeKind.Conflict,
                    $"The name is taken: {clash.Name} ({clash.Number}) compares equal without case and diacritics.")));
            }

            var now = clock.GetUtcNow();
            var actor = new FilingActor(
                mandateId is null ? FilerKind.Officer : representative.Kind == RepresentativeKind.SystemUser ? FilerKind.SystemUser : FilerKind.MandateHolder,
                representative.Actor, mandateId);
            var filed = Apply(business, instruction, actor, now);
            if (filed.Refusal is { } refused)
            {
                return CreateAttempt<Refusal>.Refuse(new(refused.Conflict
                    ? SessionOutcome.Of(SessionOutcomeKind.Conflict, refused.Message)
                    : new SessionOutcome { Kind = SessionOutcomeKind.Invalid, Errors = new() { [refused.Field] = [refused.Message] } }));
            }

            var filing = filed.Filing!;
            Publish(db, business, filing, now);
            db.Audit(Actor.Subject(representative.Actor), "business.filing", "business", business.Number,
                new { filing.Kind, filing.Sequence, filing.EffectiveOn, FiledAs = actor.Kind, mandateId });
            await inbox.SendAsync(PartyRef.Business(business.Number), null, "filing-registered", new NoticeValues
            {
                { "kind", filing.Kind.ToString() },
                { "sequence", filing.Sequence.ToString(CultureInfo.InvariantCulture) },
                { "effectiveOn", filing.EffectiveOn },
            }, null, token);
            var body = JsonSerializer.Serialize(FilingResponse.From(filing, [], Register.Today(clock)), Register.Json);
            return CreateAttempt<Refusal>.Created(new StoredAnswer(StatusCodes.Status201Created, body,
                $"{BusinessesModule.Descriptor.RoutePrefix}/register/{business.Number}/filings"));
        }, clock, ct);

    internal static FilingOutcome Apply(Business business, FilingInstruction i, FilingActor actor, DateTimeOffset now) => i.Kind switch
    {
        FilingKind.ChangeOfAddress => business.ChangeAddress(i.Address!, i.EffectiveOn, actor, now),
        FilingKind.Appointment => business.Appoint(i.Officer!, i.EffectiveOn, actor, now),
        FilingKind.Cessation => business.Cease(i.OfficerId!.Value, i.EffectiveOn, actor, now),
        FilingKind.OwnerNotified => business.NotifyOwner(i.Owner!, i.EffectiveOn, actor, now),
        FilingKind.OwnerCeased => business.CeaseOwner(i.OwnerId!.Value, i.EffectiveOn, actor, now),
        FilingKind.NameChange => business.Rename(i.Name!, i.EffectiveOn, actor, now),
        FilingKind.AnnualConfirmation => business.ConfirmAnnually(i.EffectiveOn, actor, now),
        FilingKind.Correction when i.Address is not null => business.CorrectAddress(i.Corrects!.Value, i.Address, i.EffectiveOn, actor, now),
        FilingKind.Correction => business.CorrectAppointment(i.Corrects!.Value, i.Officer!.Role, i.Officer.Person.GivenName, i.Officer.Person.FamilyName, i.EffectiveOn, actor, now),
        _ => throw new InvalidOperationException($"{i.Kind} is not filed by representatives."),
    };

    internal static void Publish(BusinessesDb db, Business business, Filing filing, DateTimeOffset now)
    {
        db.Publish(new FilingRegistered(business.Number, filing.Id, filing.Sequence, filing.Kind.ToString(), filing.EffectiveOn, filing.Corrects, now));
        switch (filing.Kind)
        {
            case FilingKind.Appointment:
                var appointed = business.Officers.Single(o => o.AppointedByFiling == filing.Id);
                db.Publish(new OfficerAppointed(business.Number, appointed.Id, appointed.Role.ToString(), appointed.AppointedOn));
                break;
            case FilingKind.Cessation:
                var ceased = business.Officers.Single(o => o.CeasedByFiling == filing.Id);
                db.Publish(new OfficerCeased(business.Number, ceased.Id, ceased.Role.ToString(), ceased.CeasedOn!.Value));
                break;
            case FilingKind.OwnerNotified:
                var owner = business.Owners.Single(o => o.NotifiedByFiling == filing.Id);
                db.Publish(new BeneficialOwnerNotified(business.Number, owner.Id, owner.NotifiedOn));
                break;
            case FilingKind.OwnerCeased:
                var former = business.Owners.Single(o => o.CeasedByFiling == filing.Id);
                db.Publish(new BeneficialOwnerCeased(business.Number, former.Id, former.CeasedOn!.Value));
                break;
            case FilingKind.NameChange:
                db.Publish(new BusinessRenamed(business.Number, business.Name, filing.EffectiveOn));
                break;
            case FilingKind.AnnualConfirmation:
                db.Publish(new AnnualConfirmationFiled(business.Number, filing.EffectiveOn, business.ConfirmationDueOn));
                break;
        }
    }
}
