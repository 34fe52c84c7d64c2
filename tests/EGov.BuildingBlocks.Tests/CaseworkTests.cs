using System.Text.Json;
using EGov.BuildingBlocks.Calendar;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Parties;
using EGov.SharedKernel.Http;

namespace EGov.BuildingBlocks.Tests;

public sealed class CaseworkTests
{
    public const string StandardJson = """
        {"initialState": "Submitted",
         "states": [
           {"name": "Submitted", "title": {"en": "submitted", "fr": "déposée"}},
           {"name": "InReview", "title": {"en": "in review"}},
           {"name": "InformationRequested", "title": {"en": "information requested"}, "deadlinePaused": true},
           {"name": "Approved", "title": {"en": "approved"}, "final": true, "outcome": "approved"},
           {"name": "Rejected", "title": {"en": "rejected"}, "final": true, "outcome": "rejected"},
           {"name": "Withdrawn", "title": {"en": "withdrawn"}, "final": true, "outcome": "withdrawn"}],
         "transitions": [
           {"name": "start-review", "from": ["Submitted"], "to": "InReview", "by": [{"role": "caseworker", "relation": "agency-staff"}]},
           {"name": "request-information", "from": ["InReview"], "to": "InformationRequested", "by": [{"role": "caseworker", "relation": "agency-staff"}], "message": "required"},
           {"name": "provide-information", "from": ["InformationRequested"], "to": "InReview", "by": [{"role": "citizen", "relation": "applicant"}], "message": "required"},
           {"name": "approve", "from": ["InReview"], "to": "Approved", "by": [{"role": "caseworker", "relation": "agency-staff"}], "issuesDocument": true, "fourEyes": true},
           {"name": "reject", "from": ["InReview"], "to": "Rejected", "by": [{"role": "caseworker", "relation": "agency-staff"}], "message": "required"},
           {"name": "withdraw", "from": ["Submitted", "InReview", "InformationRequested"], "to": "Withdrawn", "by": [{"role": "citizen", "relation": "applicant"}]}]}
        """;

    private static readonly LifecycleDefinition Lifecycle = LifecycleDefinition.FromJson(StandardJson);
    private static readonly WorkingDays Calendar = new([new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 25)]);
    private static readonly DateTimeOffset Monday = new(2026, 12, 14, 9, 0, 0, TimeSpan.Zero);

    private static readonly CaseParticipant Applicant = new(["citizen"], PartyRef.Citizen("anna"), null, null);
    private static readonly CaseParticipant OtherCitizen = new(["citizen"], PartyRef.Citizen("ben"), null, null);
    private static readonly CaseParticipant Staff1 = new(["caseworker"], null, "NCR", "cw-1");
    private static readonly CaseParticipant Staff2 = new(["caseworker"], null, "ncr", "cw-2");
    private static readonly CaseParticipant OtherAgency = new(["caseworker"], null, "CCM", "cw-3");

    private sealed class TestCase(LifecycleDefinition lifecycle, DateTimeOffset now)
        : CaseRecord(Guid.CreateVersion7(now), "G2C-2026-000001", "NCR", lifecycle, 10, Calendar, now)
    {
        public override PartyRef Applicant => PartyRef.Citizen("anna");
    }

    [Fact]
    public void A_valid_lifecycle_round_trips()
    {
        Assert.Equal("Submitted", Lifecycle.InitialState);
        Assert.Equal(["start-review", "withdraw"], Lifecycle.AllowedFrom("Submitted").Select(t => t.Name));
        Assert.True(Lifecycle.IsFinal("Approved"));
        Assert.True(Lifecycle.IssuesDocuments);
        Assert.Equal(["caseworker", "citizen"], Lifecycle.Roles.Order(StringComparer.Ordinal));
        var again = LifecycleDefinition.FromJson(Lifecycle.ToJson());
        Assert.Equal(Lifecycle.ToJson(), again.ToJson());
        Assert.Equal(MessageRule.Required, again.Transition("reject")!.Message);
        Assert.Equal("déposée", again.State("Submitted")!.Title.In("fr"));
    }

    [Theory]
    [InlineData("""{"initialState":"A","states":[],"transitions":[]}""", "lifecycle.states")]
    [InlineData("""{"initialState":"Nope","states":[{"name":"A","title":{"en":"a"}},{"name":"B","title":{"en":"b"},"final":true,"outcome":"closed"}],"transitions":[{"name":"go","from":["A"],"to":"B","by":[{"role":"caseworker","relation":"agency-staff"}]}]}""", "lifecycle.initialState")]
    [InlineData("""{"initialState":"A","states":[{"name":"A","title":{"en":"a"}},{"name":"B","title":{"en":"b"},"final":true}],"transitions":[{"name":"go","from":["A"],"to":"B","by":[{"role":"caseworker","relation":"agency-staff"}]}]}""", "lifecycle.states[1].outcome")]
    [InlineData("""{"initialState":"A","states":[{"name":"A","title":{"en":"a"}},{"name":"B","title":{"en":"b"},"final":true,"outcome":"closed"}],"transitions":[{"name":"go","from":["A"],"to":"C","by":[{"role":"caseworker","relation":"agency-staff"}]}]}""", "lifecycle.transitions[0].to")]
    [InlineData("""{"initialState":"A","states":[{"name":"A","title":{"en":"a"}},{"name":"B","title":{"en":"b"},"final":true,"outcome":"closed"}],"transitions":[{"name":"go","from":["B"],"to":"A","by":[{"role":"caseworker","relation":"agency-staff"}]}]}""", "lifecycle.transitions[0].from[0]")]
    [InlineData("""{"initialState":"A","states":[{"name":"A","title":{"en":"a"}},{"name":"B","title":{"en":"b"},"final":true,"outcome":"closed"}],"transitions":[{"name":"go","from":["A"],"to":"B","by":[{"role":"citizen","relation":"applicant"}],"fourEyes":true}]}""", "lifecycle.transitions[0].fourEyes")]
    [InlineData("""{"initialState":"A","states":[{"name":"A","title":{"en":"a"}},{"name":"B","title":{"en":"b"},"final":true,"outcome":"rejected"}],"transitions":[{"name":"go","from":["A"],"to":"B","by":[{"role":"caseworker","relation":"agency-staff"}],"issuesDocument":true}]}""", "lifecycle.transitions[0].issuesDocument")]
    [InlineData("""{"initialState":"A","states":[{"name":"A","title":{"en":"a"}},{"name":"B","title":{"en":"b"}},{"name":"C","title":{"en":"c"},"final":true,"outcome":"closed"}],"transitions":[{"name":"go","from":["A"],"to":"C","by":[{"role":"caseworker","relation":"agency-staff"}]}]}""", "lifecycle.states[1]")]
    [InlineData("""{"initialState":"A","states":[{"name":"A","title":{"en":"a"}},{"name":"B","title":{"en":"b"},"final":true,"outcome":"closed"}],"transitions":[{"name":"go","from":["A"],"to":"B","by":[{"role":"caseworker","relation":"boss"}]}]}""", "lifecycle.transitions[0].by[0].relation")]
    [InlineData("""{"initialState":"A","states":[{"name":"a","title":{"en":"a"}}],"transitions":[]}""", "lifecycle.states[0].name")]
    [InlineData("""{"initialState":"A","extra":1,"states":[],"transitions":[]}""", "lifecycle.extra")]
    [InlineData("""[]""", "lifecycle")]
    public void An_invalid_lifecycle_is_refused_naming_the_member(string json, string path)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new ValidationErrors();
        Assert.Null(LifecycleDefinition.Validate(document.RootElement, "lifecycle", errors));
        Assert.Contains(path, errors.ToDictionary().Keys);
    }

    [Fact]
    public void Deadline_pauses_and_resumes_across_holidays()
    {
        var start = new DateOnly(2026, 12, 14);
        var deadline = CaseDeadline.Start(start, 10, Calendar);
        Assert.Equal(new DateOnly(2026, 12, 30), deadline.DueDate); // 15-18, 21-23, 28-30: the 24th and 25th do not count

        var paused = deadline.Pause(new DateOnly(2026, 12, 18), Calendar);
        Assert.True(paused.IsPaused);
        Assert.Equal(6, paused.RemainingAtPause); // 21, 22, 23, 28, 29, 30
        Assert.False(paused.IsPastDue(new DateOnly(2027, 3, 1)));
        Assert.Same(paused, paused.Pause(new DateOnly(2026, 12, 21), Calendar));

        var resumed = paused.Resume(new DateOnly(2026, 12, 23), Calendar);
        Assert.False(resumed.IsPaused);
        Assert.Equal(new DateOnly(2027, 1, 4), resumed.DueDate); // 28, 29, 30, 31 Dec, 1 and 4 Jan: six working days after the 23rd
        Assert.True(resumed.IsPastDue(new DateOnly(2027, 1, 5)));
        Assert.False(resumed.IsPastDue(new DateOnly(2027, 1, 4)));
        Assert.True(resumed.FlagOverdue().Overdue);
    }

    [Fact]
    public void A_case_moves_only_as_its_lifecycle_allows_and_for_whom_it_allows()
    {
        var @case = new TestCase(Lifecycle, Monday);
        Assert.Equal("Submitted", @case.State);
        Assert.Equal(TimelineKind.Submitted, Assert.Single(@case.Timeline).Kind);

        var refused = Assert.IsType<CaseMove.NotAllowed>(@case.Take("approve", Staff1, null, Lifecycle, Calendar, Monday));
        Assert.Equal(["start-review", "withdraw"], refused.Allowed);
        Assert.IsType<CaseMove.NotAllowed>(@case.Take("no-such", Staff1, null, Lifecycle, Calendar, Monday));
        Assert.IsType<CaseMove.NotPermitted>(@case.Take("start-review", OtherAgency, null, Lifecycle, Calendar, Monday));
        Assert.IsType<CaseMove.NotPermitted>(@case.Take("start-review", Applicant, null, Lifecycle, Calendar, Monday));
        Assert.IsType<CaseMove.NotPermitted>(@case.Take("withdraw", OtherCitizen, null, Lifecycle, Calendar, Monday));
        Assert.Equal("Submitted", @case.State);
        Assert.Single(@case.Timeline);

        var moved = Assert.IsType<CaseMove.Moved>(@case.Take("start-review", Staff1, null, Lifecycle, Calendar, Monday));
        Assert.Equal(("Submitted", "InReview", false), (moved.From, moved.To, moved.Closed));
        Assert.IsType<CaseMove.InvalidMessage>(@case.Take("request-information", Staff1, "  ", Lifecycle, Calendar, Monday));
        Assert.IsType<CaseMove.InvalidMessage>(@case.Take("request-information", Staff1, new string('x', 4001), Lifecycle, Calendar, Monday));
        Assert.Equal("InReview", @case.State);
    }

    [Fact]
    public void Information_requests_pause_the_deadline_and_answers_resume_it()
    {
        var @case = new TestCase(Lifecycle, Monday);
        @case.Take("start-review", Staff1, null, Lifecycle, Calendar, Monday);
        var friday = Monday.AddDays(4);
        Assert.IsType<CaseMove.Moved>(@case.Take("request-information", Staff1, "Your lease, please.", Lifecycle, Calendar, friday));
        Assert.True(@case.Deadline.IsPaused);
        Assert.Equal(6, @case.Deadline.RemainingAtPause);
        Assert.False(@case.FlagOverdue(Monday.AddDays(60)));

        var wednesday = Monday.AddDays(9);
        Assert.IsType<CaseMove.Moved>(@case.Take("provide-information", Applicant, "Attached.", Lifecycle, Calendar, wednesday));
        Assert.False(@case.Deadline.IsPaused);
        Assert.Equal(new DateOnly(2027, 1, 4), @case.DueDate);
        Assert.Equal(
            [TimelineKind.Submitted, TimelineKind.Transition, TimelineKind.Transition, TimelineKind.Transition],
            @case.Timeline.Select(t => t.Kind));
        Assert.Equal(ActorKind.Applicant, @case.Timeline[^1].Actor);
        Assert.Equal("Attached.", @case.Timeline[^1].Message);
    }

    [Fact]
    public void Four_eyes_needs_two_different_members_of_staff()
    {
        var @case = new TestCase(Lifecycle, Monday);
        @case.Take("start-review", Staff1, null, Lifecycle, Calendar, Monday);

        Assert.IsType<CaseMove.ApprovalRecorded>(@case.Take("approve", Staff1, null, Lifecycle, Calendar, Monday));
        Assert.Equal("InReview", @case.State);
        Assert.Equal(("approve", "cw-1"), (@case.PendingTransition, @case.PendingApprovedBy));
        Assert.IsType<CaseMove.SecondApproverRequired>(@case.Take("approve", Staff1, null, Lifecycle, Calendar, Monday));
        Assert.IsType<CaseMove.NotPermitted>(@case.Take("approve", OtherAgency, null, Lifecycle, Calendar, Monday));
        Assert.True(@case.IsOpen);

        var decided = Assert.IsType<CaseMove.Moved>(@case.Take("approve", Staff2, null, Lifecycle, Calendar, Monday.AddHours(1)));
        Assert.True(decided.Closed);
        Assert.True(decided.Transition.IssuesDocument);
        Assert.Equal(CaseOutcome.Approved, @case.Outcome);
        Assert.Null(@case.PendingTransition);
        Assert.False(@case.IsOpen);
        Assert.False(@case.Assign("cw-1", Monday));
        Assert.False(@case.RecordAttachment("late.pdf", ActorKind.Applicant, Monday));
        Assert.IsType<CaseMove.NotAllowed>(@case.Take("withdraw", Applicant, null, Lifecycle, Calendar, Monday));
    }

    [Fact]
    public void Another_move_clears_a_recorded_approval()
    {
        var @case = new TestCase(Lifecycle, Monday);
        @case.Take("start-review", Staff1, null, Lifecycle, Calendar, Monday);
        @case.Take("approve", Staff1, null, Lifecycle, Calendar, Monday);
        @case.Take("request-information", Staff2, "One more paper.", Lifecycle, Calendar, Monday);
        @case.Take("provide-information", Applicant, "Here.", Lifecycle, Calendar, Monday);
        Assert.Null(@case.PendingTransition);
        Assert.IsType<CaseMove.ApprovalRecorded>(@case.Take("approve", Staff2, null, Lifecycle, Calendar, Monday));
    }

    [Fact]
    public void A_final_transition_keeps_its_message_as_the_reasons()
    {
        var @case = new TestCase(Lifecycle, Monday);
        @case.Take("start-review", Staff1, null, Lifecycle, Calendar, Monday);
        Assert.IsType<CaseMove.InvalidMessage>(@case.Take("reject", Staff1, null, Lifecycle, Calendar, Monday));
        Assert.IsType<CaseMove.Moved>(@case.Take("reject", Staff1, " Incomplete. ", Lifecycle, Calendar, Monday));
        Assert.Equal((CaseOutcome.Rejected, "Incomplete."), (@case.Outcome, @case.DecisionReasons));
        Assert.Equal(Monday, @case.ClosedAt);
    }

    [Fact]
    public void An_open_running_case_past_its_due_date_is_flagged_once()
    {
        var @case = new TestCase(Lifecycle, Monday);
        Assert.False(@case.FlagOverdue(Monday.AddDays(16)));
        Assert.True(@case.FlagOverdue(Monday.AddDays(17)));
        Assert.False(@case.FlagOverdue(Monday.AddDays(18)));
        Assert.True(@case.Overdue);
        Assert.Equal(TimelineKind.Overdue, @case.Timeline[^1].Kind);
        Assert.Equal(ActorKind.System, @case.Timeline[^1].Actor);
    }

    [Fact]
    public void References_are_per_module_and_year() =>
        Assert.Equal("G2B-2027-000042", CaseReferences.Format("g2b", 2027, 42));
}
