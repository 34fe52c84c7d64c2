using System.Collections.Concurrent;
using EGov.BuildingBlocks.Forms;
using EGov.Citizens.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EGov.Citizens.Features.Catalogue;

/// <summary>
/// The current form of each service, kept in memory for checking drafts, so a draft save reads no table.
/// </summary>
/// <remarks>
/// An edit on this node replaces the entry at once; an edit on another node of the cluster is seen here within
/// <see cref="CitizensOptions.FormCacheSeconds"/> (0 reads the table every time). Drafts are checked for names and
/// the kinds of their answers only (<see cref="FormCheck.Partial"/>); an application is always checked in full against
/// the form read from the database, so a draft checked against a form replaced seconds ago is caught when it is submitted. Unknown codes are not remembered, so requests with
/// made-up codes cannot fill memory.
/// </remarks>
internal sealed class CurrentForms(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CitizensOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> _forms = new(StringComparer.Ordinal);

    /// <summary>The current form of a service, or null when there is no such service.</summary>
    public async ValueTask<FormDefinition?> GetAsync(string serviceCode, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_forms.TryGetValue(serviceCode, out var cached) && cached.FreshUntil > now)
        {
            return cached.Form;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CitizensDb>();
        var form = await db.Services.AsNoTracking()
            .Where(s => s.Code == serviceCode && s.IsCurrent)
            .Select(s => s.Form)
            .SingleOrDefaultAsync(cancellationToken);
        if (form is null)
        {
            _forms.TryRemove(serviceCode, out _);
            return null;
        }

        Remember(serviceCode, form, now);
        return form;
    }

    /// <summary>Records the form a service has from now on (after a create or an edit on this node).</summary>
    public void Replace(string serviceCode, FormDefinition form) => Remember(serviceCode, form, clock.GetUtcNow());

    private void Remember(string serviceCode, FormDefinition form, DateTimeOffset now)
    {
        var seconds = options.Value.FormCacheSeconds;
        if (seconds > 0)
        {
            _forms[serviceCode] = new Entry(form, now.AddSeconds(seconds));
        }
    }

    private sealed record Entry(FormDefinition Form, DateTimeOffset FreshUntil);
}
