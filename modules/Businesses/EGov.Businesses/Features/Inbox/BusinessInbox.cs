using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Parties;
using EGov.Businesses.Features.Representation;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EGov.Businesses.Features.Inbox;

internal sealed record BusinessNoticeResponse(Guid Id, string Subject, string Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>
/// The business inbox on the Notices block (party kind Business, by registration number): registration, filings,
/// mandates, annual-confirmation reminders and overdue notices, read by whoever acts for the business.
/// </summary>
internal static class BusinessInbox
{
    public const string TemplateResource = "EGov.Businesses.notice-templates.json";

    public static NoticeTemplateFile LoadTemplates() => NoticeTemplateFile.FromResource(typeof(BusinessInbox).Assembly, TemplateResource);

    public static void Map(RouteGroupBuilder business, IEndpointRouteBuilder module)
    {
        var inbox = business.MapNoticeInbox<BusinessesDb, BusinessNoticeResponse>("/inbox", new NoticeInboxRoutes<BusinessNoticeResponse>
        {
            Access = BusinessAccess.Representatives,
            PartyOf = (_, http) => PartyRef.Business(BusinessAccess.Power(http).Number),
            Response = n => new BusinessNoticeResponse(n.Id, n.Subject, n.Body, n.CreatedAt, n.ReadAt),
            ListOperation = "ListBusinessInbox",
            MarkReadOperation = "MarkBusinessInboxMessageRead",
        });
        inbox.List.DeclaresBusinessNumber();
        inbox.MarkRead.DeclaresBusinessNumber();
        inbox.List.WithSummary("The business's inbox")
            .WithDescription("Messages to the business, newest first, for anyone who may act for it (404 for anyone else); `unread=true` shows unread ones only. Paged.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        module.MapNoticeTemplates<BusinessesDb>("/notice-templates", new NoticeTemplateRoutes
        {
            Access = Access.AnyOf(PlatformRoles.PlatformAdmin),
            ListOperation = "ListBusinessNoticeTemplates",
            GetOperation = "GetBusinessNoticeTemplate",
            PublishOperation = "PublishBusinessNoticeTemplate",
        });
    }
}
