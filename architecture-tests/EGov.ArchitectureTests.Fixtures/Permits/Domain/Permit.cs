using BrokenPlatform.Kernel;
using BrokenPlatform.Permits.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BrokenPlatform.Permits.Domain;

/// <summary>Compliant: a plain domain type.</summary>
internal sealed class Permit(Guid id, string holder)
{
    public Guid Id { get; } = id;

    public string Holder { get; private set; } = holder;

    public void Transfer(string newHolder) => Holder = newHolder;
}

/// <summary>The domain reaches into persistence.</summary>
[Violates(4, "BrokenPlatform.Permits.Persistence")]
internal sealed class PermitLookup(PermitsDb db)
{
    public bool Exists(Guid id) => db.Find<Permit>(id) is not null;
}

/// <summary>The domain carries an EF Core mapping attribute.</summary>
[Owned]
[Violates(4, "Microsoft.EntityFrameworkCore")]
internal sealed class PermitAddress
{
    public string Street { get; init; } = string.Empty;
}
