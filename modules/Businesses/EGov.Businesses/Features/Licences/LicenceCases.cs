using EGov.BuildingBlocks.Calendar;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Documents;
using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Parties;
using EGov.Businesses.Contracts;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Auditing;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EGov.Businesses.Features.Licences;

/// <summary>What a licence's issuing agency may do to it.</summary>
internal enum LicenceMeasure
{
    Suspend,
    Reinstate,
    Revoke,
}

/// <summary>
/// Every change of a licence application through its lifecycle, for the business and the issuing agency alike, and
/// every measure on a licence: asks the application or the licence to change, then adds what the change brings (audit
/// record, business inbox message, event, signed document, the licence itself), saves once and answers.
/// </summary>
internal sealed class LicenceCases(BusinessesDb db, NoticeInbox<BusinessesDb> inbox, IWorkingCalendar calendar, IDocumentIssuer documents, TimeProvider clock)
{
    public const string LicenceNumberPrefix = "LIC";

    /// <summary>A representative acting for the business with scope Licences, as the lifecycle's applicant relation needs it.</summary>
    public static CaseParticipant Representative(string businessNumber) =>
        new([PlatformRoles.BusinessRepresentative], PartyRef.Business(businessNumber), null, null);

    public async Task<LicenceApplicationResponse> ViewAsync(LicenceApplication application, CaseParticipant who, HttpRequest request, CancellationToken ct)
    {
        var type = await LicenceCatalogue.VersionAsync(db, application.LicenceTypeCode, application.LicenceTypeVersion, ct);
        var lifecycle = type.Definition.Lifecycle;
        var allowed = lifecycle.AllowedFrom(application.State)
            .Where(t => who.May(t, application.Applicant, application.AgencyCode))
            .Select(t => t.Name)
            .ToList();
        var number = application.LicenceId is { } id
            ? db.Licences.Local.FirstOrDefault(l => l.Id == id)?.Number ?? await db.Licences.Where(l => l.Id == id).Select(l => l.Number).SingleOrDefaultAsync(ct)
            : null;
        return LicenceApplicationResponse.From(application, lifecycle, allowed, number, LicenceCatalogue.LanguageOf(request, type));
    }

    /// <summary>The application's own answer to <paramref name="transition"/>, mapped to HTTP.</summary>
    public async Task<IResult> TakeAsync(
        LicenceApplication application, string transition, CaseParticipant who, ICurrentUser user, string? message, string onBehalfOf, HttpRequest request, CancellationToken ct)
    {
        var type = await LicenceCatalogue.VersionAsync(db, application.LicenceTypeCode, application.LicenceTypeVersion, ct);
        var lifecycle = type.Definition.Lifecycle;
        var now = clock.GetUtcNow();
        switch (application.Take(transition, who, message, lifecycle, calendar.For(application.AgencyCode), now))
        {
            case CaseMove.NotAllowed refused:
                return CaseProblems.NotAllowed(refused);
            case CaseMove.NotPermitted:
                return Problems.Forbidden($"You may not take '{transition}' on this application.");
            case CaseMove.SecondApproverRequired:
                return Problems.Conflict($"You already approved '{transition}'; a second member of staff must approve it too.");
            case CaseMove.InvalidMessage invalid:
                return Problems.Validation(new ValidationErrors().Add("message", invalid.Detail));
            case CaseMove.ApprovalRecorded recorded:
                db.Audit(user, "licence-application.approval-recorded", "licence-application", application.Id.ToString(), new { application.Reference, transition = recorded.Transition.Name }, onBehalfOf);
                return (IResult?)await SaveAsync() ?? TypedResults.Accepted((string?)null, await ViewAsync(application, who, request, ct));
            case CaseMove.Moved moved:
                db.Audit(user, $"licence-application.{moved.Transition.Name}", "licence-application", application.Id.ToString(),
                    new { application.Reference, from = moved.From, to = moved.To }, onBehalfOf);
                await inbox.SendAsync(application.Applicant, null, "licence-application-status-changed", new NoticeValues
                {
                    { "reference", application.Reference },
                    { "licenceType", type.Definition.Title },
                    { "status", lifecycle.State(moved.To)!.Title },
                    { "message", application.Timeline[^1].Message },
                }, new NoticeRegarding(application.Id), ct);
                if (moved.Transition.IssuesDocument && await GrantAsync(application, type, Actor.Of(user), ct) is { } refusal)
                {
                    return Problems.Conflict(refusal.Detail);
                }

                return (IResult?)await SaveAsync() ?? TypedResults.Ok(await ViewAsync(application, who, request, ct));
            default:
                throw new InvalidOperationException("Every case move has an answer.");
        }
    }

    /// <summary>Suspends, reinstates or revokes a licence for its issuing agency's caseworker, with the reason the business reads.</summary>
    public async Task<IResult> MeasureAsync(Licence licence, LicenceMeasure measure, string reason, ICurrentUser user, CancellationToken ct)
    {
        if (await ApplyAsync(licence, measure, reason, Actor.Of(user), ct) is { } refusal)
        {
            return Problems.Conflict(refusal.Detail, new Dictionary<string, object?> { ["currentStatus"] = licence.StatusOn(Register.Today(clock)).ToString() });
        }

        return (IResult?)await SaveAsync() ?? TypedResults.Ok(LicenceResponse.From(licence, await ValidityOfAsync(licence, ct), Register.Today(clock)));
    }

    /// <summary>The measure and what it brings (event, audit, inbox message, a revoked licence's document withdrawn), unsaved; the licence's refusal, if any.</summary>
    public async Task<LicenceRefusal?> ApplyAsync(Licence licence, LicenceMeasure measure, string reason, Actor actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var refusal = measure switch
        {
            LicenceMeasure.Suspend => licence.Suspend(reason, actor.Id, now),
            LicenceMeasure.Reinstate => licence.Reinstate(reason, actor.Id, now),
            _ => licence.Revoke(reason, actor.Id, now),
        };
        if (refusal is not null)
        {
            return refusal;
        }

        var (action, template) = measure switch
        {
            LicenceMeasure.Suspend => ("licence.suspended", "licence-suspended"),
            LicenceMeasure.Reinstate => ("licence.reinstated", "licence-reinstated"),
            _ => ("licence.revoked", "licence-revoked"),
        };
        switch (measure)
        {
            case LicenceMeasure.Suspend:
                db.Publish(new LicenceSuspended(licence.Number, licence.BusinessNumber, licence.LicenceTypeCode, licence.AgencyCode, now));
                break;
            case LicenceMeasure.Reinstate:
                db.Publish(new LicenceReinstated(licence.Number, licence.BusinessNumber, licence.LicenceTypeCode, licence.AgencyCode, now));
                break;
            default:
                db.Publish(new LicenceRevoked(licence.Number, licence.BusinessNumber, licence.LicenceTypeCode, licence.AgencyCode, now));
                break;
        }

        if (measure == LicenceMeasure.Revoke)
        {
            // The signed licence is withdrawn with it; the public check says so, without the agency's reasons.
            var document = db.Set<IssuedDocument>().Local.FirstOrDefault(d => d.Id == licence.DocumentId)
                ?? await db.Set<IssuedDocument>().SingleAsync(d => d.Id == licence.DocumentId, ct);
            if (!document.IsRevoked)
            {
                document.Revoke($"Licence {licence.Number} was revoked by its issuing agency on {Register.Today(clock):yyyy-MM-dd}.", actor.Id, now);
            }
        }

        db.Audit(actor, action, "licence", licence.Id.ToString(), new { licence.Number, licence.BusinessNumber, reason = licence.History[^1].Reason }, onBehalfOf: licence.AgencyCode);
        await inbox.SendAsync(PartyRef.Business(licence.BusinessNumber), null, template, new NoticeValues
        {
            { "number", licence.Number },
            { "reason", licence.History[^1].Reason },
        }, new NoticeRegarding(licence.Id), ct);
        return null;
    }

    public async Task<LicenceValidity> ValidityOfAsync(Licence licence, CancellationToken ct) =>
        (await LicenceCatalogue.CurrentAsync(db, licence.LicenceTypeCode, ct))!.Definition.Validity;

    /// <summary>The approval's effect, unsaved: a first licence issued, or the renewed one extended; either way a new signed document.</summary>
    public async Task<LicenceRefusal?> GrantAsync(LicenceApplication application, LicenceType type, Actor actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var name = await db.Businesses.AsNoTracking().Where(b => b.Id == application.BusinessId).Select(b => b.Name).SingleAsync(ct);
        var document = await documents.IssueAsync(db, new DocumentToIssue(
            application.LicenceTypeCode, application.AgencyCode, application.Applicant, [name], application.Id, application.Reference), ct);
        var validity = type.Definition.Validity;
        Licence licence;
        if (application.Purpose == LicencePurpose.New)
        {
            var number = await CaseReferences.NextAsync(db, BusinessesModule.Descriptor.Schema, LicensingModel.LicenceSequence, LicenceNumberPrefix, now, ct);
            licence = Licence.Issue(Guid.CreateVersion7(now), number, application, validity, document.Id, document.VerificationCode, actor.Id, now);
            db.Licences.Add(licence);
            application.Issued(licence.Id);
            db.Publish(new LicenceIssued(licence.Number, licence.BusinessNumber, licence.LicenceTypeCode, licence.AgencyCode, licence.ValidFrom, licence.ValidUntil, now));
        }
        else
        {
            licence = await db.Licences.SingleAsync(l => l.Id == application.LicenceId, ct);
            var replaced = licence.DocumentId;
            if (licence.Renew(validity, document.Id, document.VerificationCode, actor.Id, now) is { } refusal)
            {
                return refusal;
            }

            var old = await db.Set<IssuedDocument>().SingleAsync(d => d.Id == replaced, ct);
            if (!old.IsRevoked)
            {
                old.Revoke($"Replaced by the renewal of licence {licence.Number} on {Register.Today(clock):yyyy-MM-dd}.", actor.Id, now);
            }

            db.Publish(new LicenceRenewed(licence.Number, licence.BusinessNumber, licence.LicenceTypeCode, licence.AgencyCode, licence.ValidUntil, now));
        }

        db.Audit(actor, "document.issued", "document", document.Id.ToString(), new { application.Reference, licence.Number, document.Type, document.KeyId }, onBehalfOf: application.AgencyCode);
        await inbox.SendAsync(application.Applicant, null, application.Purpose == LicencePurpose.New ? "licence-issued" : "licence-renewed", new NoticeValues
        {
            { "number", licence.Number },
            { "licenceType", type.Definition.Title },
            { "validUntil", licence.ValidUntil },
            { "code", document.VerificationCode },
        }, new NoticeRegarding(licence.Id), ct);
        return null;
    }

    private async Task<ProblemHttpResult?> SaveAsync() => await db.TrySaveAsync(CancellationToken.None) switch
    {
        SaveResult.Saved => null,
        _ => Problems.Conflict("The application or licence changed at the same time; read it again."),
    };
}
