using EGov.SharedKernel.Events;

namespace EGov.Businesses.Contracts;

/// <summary>The registry registered a company (its incorporation filing). Open-data fields only.</summary>
public sealed record BusinessRegistered(
    string Number,
    string Name,
    string LegalForm,
    DateOnly RegisteredOn,
    DateOnly FoundedOn,
    IReadOnlyList<string> ActivityCodes,
    DateTimeOffset RegisteredAt) : IIntegrationEvent;

/// <summary>A filing entered the ledger of a business; it takes effect on <c>EffectiveOn</c> (which may be in the future).</summary>
public sealed record FilingRegistered(
    string Number,
    Guid FilingId,
    int Sequence,
    string Kind,
    DateOnly EffectiveOn,
    Guid? Corrects,
    DateTimeOffset FiledAt) : IIntegrationEvent;

/// <summary>An officer was appointed (in office from <c>AppointedOn</c>). No personal identifier: ask <see cref="IBusinessDirectory"/>.</summary>
public sealed record OfficerAppointed(string Number, Guid OfficerId, string Role, DateOnly AppointedOn) : IIntegrationEvent;

/// <summary>An officer ceases on <c>CeasedOn</c>: from that day they no longer act for the business.</summary>
public sealed record OfficerCeased(string Number, Guid OfficerId, string Role, DateOnly CeasedOn) : IIntegrationEvent;

/// <summary>A beneficial owner was notified to the register.</summary>
public sealed record BeneficialOwnerNotified(string Number, Guid OwnerId, DateOnly NotifiedOn) : IIntegrationEvent;

/// <summary>A beneficial owner ceased to control the business.</summary>
public sealed record BeneficialOwnerCeased(string Number, Guid OwnerId, DateOnly CeasedOn) : IIntegrationEvent;

/// <summary>The business took a new name.</summary>
public sealed record BusinessRenamed(string Number, string Name, DateOnly EffectiveOn) : IIntegrationEvent;

/// <summary>The business confirmed its register entry for the year; the next confirmation is due on <c>NextDueOn</c>.</summary>
public sealed record AnnualConfirmationFiled(string Number, DateOnly ConfirmedOn, DateOnly NextDueOn) : IIntegrationEvent;

/// <summary>The annual confirmation was not filed by its due date (raised once per due date).</summary>
public sealed record AnnualConfirmationOverdueFlagged(string Number, DateOnly DueOn, DateTimeOffset DetectedAt) : IIntegrationEvent;

/// <summary>An officer granted a mandate to act for the business. <c>HolderKind</c> is <c>Person</c> or <c>SystemUser</c>.</summary>
public sealed record MandateGranted(
    string Number,
    Guid MandateId,
    string HolderKind,
    IReadOnlyList<string> Scopes,
    DateOnly ValidFrom,
    DateOnly ExpiresOn,
    DateTimeOffset GrantedAt) : IIntegrationEvent;

/// <summary>An officer revoked a mandate: its holder's next request for the business is refused.</summary>
public sealed record MandateRevoked(string Number, Guid MandateId, DateTimeOffset RevokedAt) : IIntegrationEvent;

/// <summary>An issuing agency granted a licence to a business: valid from <c>ValidFrom</c> to <c>ValidUntil</c> (inclusive).</summary>
public sealed record LicenceIssued(
    string LicenceNumber,
    string BusinessNumber,
    string LicenceType,
    string AgencyCode,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    DateTimeOffset IssuedAt) : IIntegrationEvent;

/// <summary>A decided renewal moved a licence's last day to <c>ValidUntil</c>, under a new signed document.</summary>
public sealed record LicenceRenewed(
    string LicenceNumber, string BusinessNumber, string LicenceType, string AgencyCode, DateOnly ValidUntil, DateTimeOffset RenewedAt) : IIntegrationEvent;

/// <summary>The issuing agency suspended a licence: the business may not use it until it is reinstated.</summary>
public sealed record LicenceSuspended(
    string LicenceNumber, string BusinessNumber, string LicenceType, string AgencyCode, DateTimeOffset SuspendedAt) : IIntegrationEvent;

/// <summary>The issuing agency lifted a licence's suspension.</summary>
public sealed record LicenceReinstated(
    string LicenceNumber, string BusinessNumber, string LicenceType, string AgencyCode, DateTimeOffset ReinstatedAt) : IIntegrationEvent;

/// <summary>The issuing agency revoked a licence for good; its signed document is withdrawn.</summary>
public sealed record LicenceRevoked(
    string LicenceNumber, string BusinessNumber, string LicenceType, string AgencyCode, DateTimeOffset RevokedAt) : IIntegrationEvent;

/// <summary>A licence ran past its last day (<c>ValidUntil</c>) without a renewal; raised once, by the platform.</summary>
public sealed record LicenceExpired(
    string LicenceNumber, string BusinessNumber, string LicenceType, string AgencyCode, DateOnly ValidUntil, DateTimeOffset DetectedAt) : IIntegrationEvent;
