using BrokenPlatform.Kernel;
using BrokenPlatform.Permits.Features;
using Orleans;

namespace BrokenPlatform.Permits.Sessions;

/// <summary>Compliant: an internal grain interface.</summary>
internal interface IPermitSessionGrain : IGrainWithStringKey
{
    Task<int> CountDraftsAsync();

    Task SaveDraftAsync(PermitDraft draft);
}

/// <summary>Compliant: grain state is internal and serialized by Orleans' generated code.</summary>
[GenerateSerializer]
internal sealed record PermitDraft([property: Id(0)] string Holder, [property: Id(1)] DateTimeOffset SavedAt);

/// <summary>Compliant: an internal sealed grain.</summary>
internal sealed class PermitSessionGrain : Grain, IPermitSessionGrain
{
    private readonly List<PermitDraft> _drafts = [];

    public Task<int> CountDraftsAsync() => Task.FromResult(_drafts.Count);

    public Task SaveDraftAsync(PermitDraft draft)
    {
        _drafts.Add(draft);
        return Task.CompletedTask;
    }
}

/// <summary>A public grain interface lets anyone call into the module (Orleans then generates public code for it too).</summary>
[Violates(5, "public")]
[Violates(7, "public grain")]
public interface IPermitAdminGrain : IGrainWithGuidKey
{
    Task PingAsync();
}

/// <summary>A session helper that calls back into a feature (the grain should return a result the feature acts on).</summary>
[Violates(10, "BrokenPlatform.Permits.Features")]
internal static class PermitSessionSubmission
{
    public static Guid Submit(PermitDraft draft) => IssuePermit.Handle(new IssuePermit.Request(draft.Holder)).Id;
}
