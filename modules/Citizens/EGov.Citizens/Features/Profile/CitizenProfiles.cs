using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.Citizens.Sessions;
using EGov.SharedKernel.Auditing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Citizens.Features.Profile;

/// <summary>The one way a citizen's profile comes to exist: from the token, on the first visit or the first filing.</summary>
internal static class CitizenProfiles
{
    /// <summary>
    /// The citizen's profile; when there is none yet, one is made from the token's claims and staged (added and
    /// audited) in <paramref name="db"/>, to be saved with the caller's change.
    /// </summary>
    public static async Task<CitizenProfile> FindOrStageAsync(CitizensDb db, SubmittingCitizen citizen, Actor actor, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Citizens.SingleOrDefaultAsync(c => c.Subject == citizen.Subject, ct) is { } existing)
        {
            return existing;
        }

        var now = clock.GetUtcNow();
        var profile = new CitizenProfile
        {
            Subject = citizen.Subject,
            NationalId = citizen.NationalId,
            GivenName = citizen.GivenName,
            FamilyName = citizen.FamilyName,
            Email = citizen.Email,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Citizens.Add(profile);
        db.Audit(actor, "citizen.profile-created", "citizen", citizen.Subject);
        return profile;
    }
}
