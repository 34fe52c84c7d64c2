using EGov.SharedKernel.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EGov.BuildingBlocks.Notices;

public static class NoticesRegistration
{
    /// <summary>
    /// Gives the module whose context is <typeparamref name="TDb"/> its inboxes (<see cref="NoticeInbox{TDb}"/>), its
    /// template versions (<see cref="NoticeTemplates{TDb}"/>) and the seeding of <paramref name="templates"/> after the
    /// migrations. The context maps the tables with <c>MapNotices()</c> and <c>MapNoticeTemplates()</c>.
    /// </summary>
    public static IServiceCollection AddNotices<TDb>(this IServiceCollection services, NoticeTemplateFile templates)
        where TDb : ModuleDbContext
    {
        ArgumentNullException.ThrowIfNull(templates);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new NoticeTemplateSource<TDb>(templates));
        services.AddScoped<NoticeInbox<TDb>>();
        services.AddScoped<NoticeTemplates<TDb>>();
        services.AddModuleSeeder<NoticeTemplateSeeder<TDb>>();
        return services;
    }
}
