using BrokenPlatform.Kernel;
using BrokenPlatform.Permits.Persistence;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

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

/// <summary>The domain carries a PostgreSQL type (map it as a shadow property in Persistence instead).</summary>
[Violates(4, "NpgsqlTypes")]
internal sealed class PermitSearchEntry
{
    public NpgsqlTsVector? Vector { get; init; }
}
