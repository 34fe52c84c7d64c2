namespace EGov.SharedKernel.Events;

/// <summary>
/// Marker for integration events: immutable records in a module's Contracts assembly, named in the past tense.
/// The type name is the event's wire name; a breaking change gets a new type (e.g. <c>AgencyRegisteredV2</c>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1040:Avoid empty interfaces", Justification = "Marker for contract types.")]
public interface IIntegrationEvent;

/// <summary>An event as stored in the outbox and handed to subscribers.</summary>
public sealed record IntegrationEventEnvelope(
    Guid EventId,
    string Type,
    string SourceModule,
    string Payload,
    DateTimeOffset OccurredAt,
    string? CorrelationId);

/// <summary>Handles one integration event inside the subscribing module's transaction.</summary>
/// <remarks>
/// The handler changes its module's DbContext (the scoped instance) and does not save: the platform records the
/// event id in the module's inbox and saves both in one transaction, so the effect happens exactly once.
/// </remarks>
public interface IIntegrationEventHandler<in TEvent>
    where TEvent : IIntegrationEvent
{
    Task HandleAsync(TEvent integrationEvent, IntegrationEventEnvelope envelope, CancellationToken cancellationToken);
}

public static class IntegrationEventNames
{
    public static string Of<TEvent>() where TEvent : IIntegrationEvent => typeof(TEvent).Name;

    public static string Of(Type eventType) => eventType.Name;
}
