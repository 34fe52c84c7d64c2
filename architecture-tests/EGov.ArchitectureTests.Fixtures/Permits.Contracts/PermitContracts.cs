using BrokenPlatform.Kernel;
using Microsoft.EntityFrameworkCore;
using Orleans;

namespace BrokenPlatform.Permits.Contracts;

/// <summary>Compliant: a synchronous read API in Contracts, BCL and Contracts types only.</summary>
public interface IPermitDirectory
{
    Task<PermitIssued?> FindAsync(Guid permitId, CancellationToken cancellationToken);
}

/// <summary>Contracts expose EF Core.</summary>
[Violates(2, "Microsoft.EntityFrameworkCore")]
public interface IPermitStore
{
    DbSet<PermitIssued> Permits { get; }
}

/// <summary>A grain interface published in Contracts.</summary>
[Violates(2, "Orleans")]
[Violates(7, "grain")]
public interface IPermitGrain : IGrainWithStringKey
{
    Task<string> ReadAsync();
}

/// <summary>Compliant: constants are plain BCL strings.</summary>
public static class PermitTopics
{
    public const string Issued = "permits.issued";
}
