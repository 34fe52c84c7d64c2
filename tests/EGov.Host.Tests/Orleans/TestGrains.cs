using Orleans;
using Orleans.Placement;
using Orleans.Runtime;
using Xunit;

namespace EGov.Host.Tests.Orleans;

/// <summary>A small session-like grain for the silo tests, with state in the module grain storage.</summary>
public interface ITestSessionGrain : IGrainWithStringKey
{
    /// <summary>Counts one submission, persists it and returns the new count.</summary>
    Task<int> Submit();

    Task<int> GetSubmissions();

    /// <summary>The silo this activation lives on (parsable form).</summary>
    Task<string> GetSilo();

    Task RegisterReminder(string name);
}

public sealed class TestSessionState
{
    public int Submissions { get; set; }

    public List<string> Silos { get; set; } = [];
}

/// <remarks>
/// Placed on the silo that first calls it, so a test decides where the activation lives
/// (the default placement may pick any compatible silo).
/// </remarks>
[PreferLocalPlacement]
internal sealed class TestSessionGrain(
    [PersistentState("session", TestSessionGrain.StorageName)] IPersistentState<TestSessionState> state,
    ILocalSiloDetails silo) : Grain, ITestSessionGrain, IRemindable
{
    public const string StorageName = "testsessions";
    public const string Schema = "orleanstests";

    public async Task<int> Submit()
    {
        state.State.Submissions++;
        state.State.Silos.Add(silo.SiloAddress.ToParsableString());
        await state.WriteStateAsync();
        return state.State.Submissions;
    }

    public Task<int> GetSubmissions() => Task.FromResult(state.State.Submissions);

    public Task<string> GetSilo() => Task.FromResult(silo.SiloAddress.ToParsableString());

    public Task RegisterReminder(string name) =>
        this.RegisterOrUpdateReminder(name, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
