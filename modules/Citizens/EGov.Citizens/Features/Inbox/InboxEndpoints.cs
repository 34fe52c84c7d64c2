using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Parties;
using EGov.Citizens.Features.Applications;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Citizens.Features.Inbox;

internal sealed record InboxMessageResponse(Guid Id, Guid? ApplicationId, string Subject, string Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>
/// The citizen's inbox on the Notices block: a message on every status change and decision, in the citizen's
/// language, from the templates of <c>notice-templates.json</c>; and those templates for the platform's operators.
/// </summary>
internal static class InboxEndpoints
{
    /// <summary>The embedded template file (see the project file).</summary>
    public const string TemplateResource = "EGov.Citizens.notice-templates.json";

    public static NoticeTemplateFile LoadTemplates() => NoticeTemplateFile.FromResource(typeof(InboxEndpoints).Assembly, TemplateResource);

    public static void Map(RouteGroupBuilder module)
    {
        var inbox = module.MapNoticeInbox<CitizensDb, InboxMessageResponse>("/inbox", new NoticeInboxRoutes<InboxMessageResponse>
        {
            Access = Access.AnyOf(PlatformRoles.Citizen),
            PartyOf = (user, _) => user.Subject is { } subject ? PartyRef.Citizen(subject) : null,
            Response = n => new InboxMessageResponse(n.Id, n.RegardingCaseId, n.Subject, n.Body, n.CreatedAt, n.ReadAt),
            ListOperation = "ListInbox",
            MarkReadOperation = "MarkInboxMessageRead",
            AfterRead = (services, citizen, ct) => services.GetRequiredService<CitizenNotifier>().RefreshSessionAsync(citizen.Id, ct),
        });
        inbox.MarkRead.WithDescription("Idempotent; the session's unread count follows.");

        module.MapNoticeTemplates<CitizensDb>("/notice-templates", new NoticeTemplateRoutes
        {
            Access = Access.AnyOf(PlatformRoles.PlatformAdmin),
            ListOperation = "ListNoticeTemplates",
            GetOperation = "GetNoticeTemplate",
            PublishOperation = "PublishNoticeTemplate",
        });
    }
}
