using EGov.Employees.Security;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EGov.Employees.Features;

internal sealed record RewrapResponse(string KeyEncryptionKey, int Rewrapped, int DataKeys);

/// <summary>Rotation of the key-encryption key of personnel records (see docs/g2e.md, Key rotation).</summary>
internal static class EncryptionEndpoints
{
    public static void Map(RouteGroupBuilder module) =>
        module.MapPost("/encryption/rewrap", RewrapAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.PlatformAdmin))
            .WithName("RewrapDataKeys")
            .WithSummary("Re-wrap the data keys with the current key-encryption key")
            .WithDescription("Every agency data key wrapped by another key-encryption key than `Employees:Encryption:CurrentKey` is unwrapped and wrapped again by it. " +
                "Records are not re-encrypted and stay readable throughout; afterwards the old key may be removed from the configuration. Platform administrators only.")
            .Produces<RewrapResponse>();

    private static async Task<Ok<RewrapResponse>> RewrapAsync(DataKeyRotation rotation, KeyEncryptionKeys keks, Persistence.EmployeesDb db, ICurrentUser user, CancellationToken ct)
    {
        var (rewrapped, total) = await rotation.RewrapAsync(ct);
        db.Audit(user, "data-keys.rewrapped", "data-keys", keks.CurrentId, new { rewrapped, total });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new RewrapResponse(keks.CurrentId, rewrapped, total));
    }
}
