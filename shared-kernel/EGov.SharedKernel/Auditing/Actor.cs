using EGov.SharedKernel.Identity;

namespace EGov.SharedKernel.Auditing;

/// <summary>
/// Who made a change, as the audit trail names them: a token subject, a service-account client, or the platform
/// itself (<c>system:&lt;purpose&gt;</c>). Never a personal identifier such as a national id.
/// </summary>
public sealed record Actor
{
    public const int MaxLength = 200;

    private Actor(string id) => Id = id;

    public string Id { get; }

    /// <summary>The caller of the current request.</summary>
    public static Actor Of(ICurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.Actor);
    }

    /// <summary>A person or client by the subject of their token (a grain acting for them, for example).</summary>
    public static Actor Subject(string subject)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        return new(subject);
    }

    /// <summary>The platform acting on its own (start-up seeding, sweeps).</summary>
    public static Actor System(string purpose)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        return new($"system:{purpose}");
    }

    public override string ToString() => Id;
}
