using BrokenPlatform.Kernel;

namespace BrokenPlatform.Licences.Contracts;

/// <summary>Compliant.</summary>
public sealed record LicenceGranted(string Licence, DateTimeOffset GrantedAt) : IIntegrationEvent;
