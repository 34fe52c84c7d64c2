using System.Text.Json;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.SharedKernel.Events;

/// <summary>One subscriber of one event type: the module's handler behind its inbox.</summary>
public sealed class IntegrationEventSubscription
{
    internal IntegrationEventSubscription(string eventType, string consumer, Func<IServiceProvider, IntegrationEventEnvelope, CancellationToken, Task<bool>> deliver)
    {
        EventType = eventType;
        Consumer = consumer;
        Deliver = deliver;
    }

    public string EventType { get; }

    /// <summary>The inbox key of the subscriber, e.g. <c>g2c.agency-copy</c>.</summary>
    public string Consumer { get; }

    /// <summary>Applies the event once; returns false when the inbox shows it was already applied.</summary>
    public Func<IServiceProvider, IntegrationEventEnvelope, CancellationToken, Task<bool>> Deliver { get; }
}

public static class IntegrationEventSubscriptions
{
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Subscribes <typeparamref name="THandler"/> to <typeparamref name="TEvent"/>. Each delivery runs in a new
    /// scope and one transaction of <typeparamref name="TDb"/>: the inbox row is written first (a second delivery
    /// of the same event finds it and does nothing), then the handler's changes, then one commit.
    /// </summary>
    public static IServiceCollection AddIntegrationEventHandler<TEvent, THandler, TDb>(this IServiceCollection services, string consumer)
        where TEvent : IIntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
        where TDb : ModuleDbContext
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new IntegrationEventSubscription(
            IntegrationEventNames.Of<TEvent>(),
            consumer,
            (root, envelope, ct) => DeliverAsync<TEvent, THandler, TDb>(root, envelope, consumer, ct)));
        return services;
    }

    private static async Task<bool> DeliverAsync<TEvent, THandler, TDb>(
        IServiceProvider root, IntegrationEventEnvelope envelope, string consumer, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
        where TDb : ModuleDbContext
    {
        var integrationEvent = JsonSerializer.Deserialize<TEvent>(envelope.Payload, PayloadJson)
            ?? throw new InvalidOperationException($"Event {envelope.EventId} of type {envelope.Type} has an empty payload.");

        await using var scope = root.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
#pragma warning disable EF1002 // The schema comes from the module descriptor and is validated as a plain identifier.
        var recorded = await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {SchemaName.EnsureValid(db.Schema)}.inbox_messages (event_id, consumer, type, processed_at) VALUES ({{0}}, {{1}}, {{2}}, {{3}}) ON CONFLICT DO NOTHING",
            [envelope.EventId, consumer, envelope.Type, now],
            cancellationToken);
#pragma warning restore EF1002
        if (recorded == 0)
        {
            return false;
        }

        var handler = scope.ServiceProvider.GetRequiredService<THandler>();
        await handler.HandleAsync(integrationEvent, envelope, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
