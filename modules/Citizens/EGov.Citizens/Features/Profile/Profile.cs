using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.Citizens.Sessions;
using EGov.SharedKernel.Auditing;
using EGov.SharedKernel.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Citizens.Features.Profile;

internal sealed record ProfileResponse(
    string Subject, string? GivenName, string? FamilyName, string? Email, bool HasNationalId, string Language, IReadOnlyList<string> ContactChannels, DateTimeOffset CreatedAt)
{
    public static ProfileResponse From(CitizenProfile p) =>
        new(p.Subject, p.GivenName, p.FamilyName, p.Email, p.NationalId is not null, p.Language, p.ContactChannels, p.CreatedAt);
}

internal sealed record PreferencesRequest(string? Language, List<string>? ContactChannels);

/// <summary>The citizen's profile: created from the token on the first visit, preferences set by the citizen.</summary>
internal static class Profile
{
    public static readonly IReadOnlyList<string> Channels = ["inbox", "email", "sms"];

    public static void Map(RouteGroupBuilder module)
    {
        var me = module.MapGroup("/me").RequireAccess(Access.AnyOf(PlatformRoles.Citizen));

        me.MapGet("/", async (CitizensDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok(ProfileResponse.From(await EnsureAsync(db, user, clock, ct))))
            .WithName("GetMyProfile")
            .WithSummary("The caller's citizen profile")
            .WithDescription("Created from the access token (subject, national id, names, email) on the first call.");

        me.MapPut("/preferences", UpdatePreferencesAsync)
            .WithName("UpdateMyPreferences")
            .WithSummary("Set language and contact channels")
            .WithDescription("`language`: en or fr (inbox messages are written in it); `contactChannels`: any of inbox, email, sms.")
            .ProducesValidationProblem();
    }

    private static async Task<Results<Ok<ProfileResponse>, ValidationProblem>> UpdatePreferencesAsync(
        PreferencesRequest request, CitizensDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request.Language is not null && !Languages.All.Contains(request.Language))
        {
            errors.Add("language", $"'language' is one of: {string.Join(", ", Languages.All)}.");
        }

        if (request.ContactChannels is { } channels)
        {
            if (channels.Count == 0 || channels.Any(c => !Channels.Contains(c)) || channels.Distinct().Count() != channels.Count)
            {
                errors.Add("contactChannels", $"'contactChannels' lists one or more of: {string.Join(", ", Channels)}, each once.");
            }
        }

        if (request.Language is null && request.ContactChannels is null)
        {
            errors.Add("language", "Give 'language', 'contactChannels' or both.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var profile = await EnsureAsync(db, user, clock, ct);
        profile.Language = request.Language ?? profile.Language;
        profile.ContactChannels = request.ContactChannels ?? profile.ContactChannels;
        profile.UpdatedAt = clock.GetUtcNow();
        db.Audit(user, "citizen.preferences-changed", "citizen", profile.Subject, new { profile.Language, profile.ContactChannels });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ProfileResponse.From(profile));
    }

    /// <summary>The caller's profile, created (and saved, audited) from the token when it does not exist yet.</summary>
    public static async Task<CitizenProfile> EnsureAsync(CitizensDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var citizen = SubmittingCitizen.From(user);
        var profile = await CitizenProfiles.FindOrStageAsync(db, citizen, Actor.Of(user), clock, ct);
        if (db.Entry(profile).State != EntityState.Added || await db.TrySaveAsync(ct) == SaveResult.Saved)
        {
            return profile;
        }

        // A parallel first request created it: use that one.
        return await db.Citizens.SingleAsync(c => c.Subject == citizen.Subject, ct);
    }
}
