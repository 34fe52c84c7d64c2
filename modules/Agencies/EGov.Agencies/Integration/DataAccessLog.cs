using EGov.Agencies.Contracts;
using EGov.Agencies.Domain.Exchange;
using EGov.Agencies.Persistence;
using EGov.SharedKernel.Http;
using Microsoft.EntityFrameworkCore;

namespace EGov.Agencies.Integration;

/// <summary>The G2G side of <see cref="IDataAccessLog"/>: the message log's entries by data subject.</summary>
internal sealed class DataAccessLog(AgenciesDb db) : IDataAccessLog
{
    public Task<PagedList<DataAccessRecord>> ForPersonAsync(string nationalId, PageRequest page, CancellationToken cancellationToken) =>
        ForSubjectAsync(DataSubjectKind.Person, nationalId, page, cancellationToken);

    public Task<PagedList<DataAccessRecord>> ForBusinessAsync(string registrationNumber, PageRequest page, CancellationToken cancellationToken) =>
        ForSubjectAsync(DataSubjectKind.Business, registrationNumber, page, cancellationToken);

    private async Task<PagedList<DataAccessRecord>> ForSubjectAsync(DataSubjectKind kind, string subject, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var query = db.MessageLog.AsNoTracking().Where(e => e.SubjectKind == kind && e.SubjectId == subject);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(e => e.Sequence)
            .Skip(page.Offset).Take(page.PageSize)
            .Select(e => new
            {
                e.Sequence, e.LoggedAt, e.ConsumerCode, ConsumerName = db.Agencies.Where(a => a.Code == e.ConsumerCode).Select(a => a.Name).FirstOrDefault(),
                e.ProviderCode, e.ServiceCode, e.Operation, e.Purpose, e.LegalBasis, e.Issue, e.Outcome,
            })
            .ToListAsync(cancellationToken);
        var items = rows.Select(r => new DataAccessRecord(
            r.Sequence, r.LoggedAt, r.ConsumerCode, r.ConsumerName, r.ProviderCode, r.ServiceCode, r.Operation, r.Purpose, r.LegalBasis, r.Issue, r.Outcome.ToString())).ToList();
        return new PagedList<DataAccessRecord>(items, total, page.Page, page.PageSize);
    }
}
