namespace EGov.Clients.Tests;

/// <summary>The journeys act as the same citizen on the same service's draft: one at a time.</summary>
[CollectionDefinition(nameof(JourneyCollection))]
public sealed class JourneyCollection;
