using EGov.SharedKernel.Events;
using EGov.SharedKernel.Http;

namespace EGov.Agencies.Contracts;

/// <summary>
/// An access right to a data service changed: requested, granted, refused, narrowed or revoked. <see cref="Status"/>
/// is Requested, Granted, Refused or Revoked; <see cref="Operations"/> the operations it covers now.
/// </summary>
public sealed record DataAccessRightChanged(
    Guid RightId,
    string ProviderCode,
    string ServiceCode,
    string ConsumerCode,
    string Status,
    IReadOnlyList<string> Operations,
    string LegalBasis,
    DateTimeOffset ChangedAt) : IIntegrationEvent;

/// <summary>
/// One exchange that touched a person's or a business's data, as the data subject sees it: who asked (the consumer
/// agency), from whom (the provider), which service and operation, why (purpose, legal basis, the case), when, and
/// how it ended (<see cref="Outcome"/>: Answered, NotFound, NoRight, ... — a refused call read nothing).
/// </summary>
public sealed record DataAccessRecord(
    long Sequence,
    DateTimeOffset At,
    string ConsumerCode,
    string? ConsumerName,
    string ProviderCode,
    string ServiceCode,
    string Operation,
    string Purpose,
    string? LegalBasis,
    string? Issue,
    string Outcome);

/// <summary>
/// "Who looked at my data": the message log of the G2G exchange, read by the data subject's own module (G2C for a
/// person by national id, G2B for a business by registration number). Identifiers are personal data: never log them.
/// </summary>
public interface IDataAccessLog
{
    /// <summary>Exchanges whose data subject is the person with <paramref name="nationalId"/>, newest first.</summary>
    Task<PagedList<DataAccessRecord>> ForPersonAsync(string nationalId, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Exchanges whose data subject is the business with <paramref name="registrationNumber"/>, newest first.</summary>
    Task<PagedList<DataAccessRecord>> ForBusinessAsync(string registrationNumber, PageRequest page, CancellationToken cancellationToken);
}
