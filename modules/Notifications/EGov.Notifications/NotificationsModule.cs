using EGov.Citizens.Contracts;
using EGov.Notifications.Contracts;
using EGov.Notifications.Delivery;
using EGov.Notifications.Features.Callbacks;
using EGov.Notifications.Features.Letters;
using EGov.Notifications.Features.Messages;
using EGov.Notifications.Features.Templates;
using EGov.Notifications.Integration;
using EGov.Notifications.Persistence;
using EGov.SharedKernel.Events;
using EGov.SharedKernel.Modules;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EGov.Notifications;

/// <summary>Notifications — a platform module: templates, email/SMS/letter delivery, statuses and callbacks for every module.</summary>
public static class NotificationsModule
{
    internal static readonly ModuleDescriptor Descriptor = new(
        "Notifications",
        "notify",
        "EGov.Platform — Notifications",
        "Messages that reach people: agencies' templates by channel and language, email over SMTP, text messages, letters in a print queue, delivery statuses, retries and signed status callbacks.");

    public static IHostApplicationBuilder AddNotificationsModule(this IHostApplicationBuilder builder)
    {
        if (!builder.TryAddModule<NotificationsDb>(Descriptor))
        {
            return builder;
        }

        builder.Services.AddOptions<NotificationsOptions>()
            .BindConfiguration(NotificationsOptions.Section)
            .Validate(o => o.RatePerMinutePerAgency >= 1, "Notifications:RatePerMinutePerAgency is at least 1.")
            .Validate(o => o.PollIntervalMilliseconds is >= 10 and <= 60_000, "Notifications:PollIntervalMilliseconds is between 10 and 60000.")
            .Validate(o => o.BatchSize is >= 1 and <= 1000, "Notifications:BatchSize is between 1 and 1000.")
            .Validate(o => o.LeaseSeconds is >= 1 and <= 3600, "Notifications:LeaseSeconds is between 1 and 3600.")
            .Validate(o => o.MaxAttempts is >= 1 and <= 100, "Notifications:MaxAttempts is between 1 and 100.")
            .Validate(o => o.FirstRetryDelaySeconds >= 0 && o.MaxRetryDelaySeconds >= o.FirstRetryDelaySeconds, "Notifications:FirstRetryDelaySeconds is 0 or more and at most Notifications:MaxRetryDelaySeconds.")
            .Validate(o => o.RetentionDays is >= 0 and <= 3650, "Notifications:RetentionDays is between 0 and 3650.")
            .Validate(o => o.RetentionSweepSeconds is >= 1 and <= 86_400, "Notifications:RetentionSweepSeconds is between 1 and 86400.")
            .Validate(o => o.CallbackTimeoutSeconds is >= 1 and <= 120, "Notifications:CallbackTimeoutSeconds is between 1 and 120.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Smtp.Host) && o.Smtp.Port is >= 1 and <= 65_535, "Notifications:Smtp:Host is set and Notifications:Smtp:Port is between 1 and 65535.")
            .Validate(o => Enum.TryParse<MailKit.Security.SecureSocketOptions>(o.Smtp.Security, out _), "Notifications:Smtp:Security is None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect.")
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.Smtp.FromAddress, out _) && !string.IsNullOrWhiteSpace(o.Smtp.MessageIdDomain), "Notifications:Smtp:FromAddress is an email address and Notifications:Smtp:MessageIdDomain is set.")
            .Validate(o => o.Smtp.TimeoutSeconds is >= 1 and <= 300, "Notifications:Smtp:TimeoutSeconds is between 1 and 300.")
            .ValidateOnStart();

        builder.Services.AddModuleSeeder<TemplateSeeder>();
        builder.Services.AddSingleton<DeliverySignal>();
        builder.Services.AddScoped<Outbound>();
        builder.Services.AddScoped<PartyMessages>();
        builder.Services.AddScoped<IChannelSender, SmtpEmailSender>();
        builder.Services.AddScoped<IChannelSender, SmsSender>();
        builder.Services.AddScoped<IChannelSender, LetterSender>();
        builder.Services.AddScoped<ISmsProvider, DevelopmentSmsProvider>();
        builder.Services.AddHttpClient(CallbackSender.HttpClientName);
        builder.Services.AddHostedService<MessageSender>();
        builder.Services.AddHostedService<CallbackSender>();
        builder.Services.AddHostedService<RetentionSweep>();

        // Senders: a module's NotificationRequested, and the G2C events that tell citizens about their applications.
        builder.Services.AddIntegrationEventHandler<NotificationRequested, NotificationRequestedHandler, NotificationsDb>("notify.requested");
        builder.Services.AddIntegrationEventHandler<ApplicationSubmitted, ApplicationSubmittedHandler, NotificationsDb>("notify.g2c-application-submitted");
        builder.Services.AddIntegrationEventHandler<ApplicationDecided, ApplicationDecidedHandler, NotificationsDb>("notify.g2c-application-decided");
        return builder;
    }

    public static IEndpointRouteBuilder MapNotificationsModule(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.IsModuleEnabled(Descriptor))
        {
            return endpoints;
        }

        var module = endpoints.MapModuleGroup(Descriptor);
        TemplateEndpoints.Map(module);
        MessageEndpoints.Map(module);
        PrintQueue.Map(module);
        CallbackEndpoints.Map(module);
        return endpoints;
    }
}
