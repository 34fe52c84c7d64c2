using EGov.Businesses.Contracts;
using EGov.Businesses.Domain;

namespace EGov.Businesses.Tests;

/// <summary>The register's rules on the aggregate itself: effective dating, cessation, bands, confirmation, corrections, mandates.</summary>
public sealed class DomainTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 3, 10);
    private static readonly FilingActor Officer = new(FilerKind.Officer, "sub-1");
    private static readonly Address Home = new("Rua 1", null, "1000-001", "Lisboa", "PT");

    private static PersonDetails Person(string id, string name = "Ana") => new(id, name, "Silva", Home);

    private static Business NewBusiness(params OfficerAppointment[] officers)
    {
        officers = officers.Length == 0 ? [new OfficerAppointment(OfficerRole.Director, Person("100000001"))] : officers;
        var (business, _) = Business.Register(Guid.NewGuid(), "BRN-100001", BusinessName.From("Acme Lda")!, LegalForm.PrivateLimitedCompany,
            new Address("Rua A 1", null, "1100-001", "Lisboa", "PT"), ["62.0"], 5000m, "EUR", new DateOnly(2020, 1, 1), officers, [], new FilingActor(FilerKind.Registrar, "reg"), Now);
        return business;
    }

    [Fact]
    public void A_future_address_shows_from_its_day_and_not_before()
    {
        var business = NewBusiness();
        var next = new Address("Avenida B 2", null, "1200-002", "Lisboa", "PT");
        var filed = business.ChangeAddress(next, Today.AddDays(7), Officer, Now);

        Assert.NotNull(filed.Filing);
        Assert.Equal("Rua A 1", business.AsOf(Today)!.Address.Line1);
        Assert.Equal("Rua A 1", business.AsOf(Today.AddDays(6))!.Address.Line1);
        Assert.Equal("Avenida B 2", business.AsOf(Today.AddDays(7))!.Address.Line1);
        Assert.Null(business.AsOf(Today.AddDays(-1)));
        Assert.Single(business.PendingAddresses(Today));
    }

    [Fact]
    public void An_officer_acts_up_to_the_day_before_cessation()
    {
        var business = NewBusiness(new OfficerAppointment(OfficerRole.Director, Person("100000001")), new OfficerAppointment(OfficerRole.Director, Person("100000002", "Rui")));
        var rui = business.Officers.Single(o => o.NationalId == "100000002");
        Assert.NotNull(business.Cease(rui.Id, Today.AddDays(3), Officer, Now).Filing);

        Assert.True(rui.InOfficeOn(Today.AddDays(2)));
        Assert.False(rui.InOfficeOn(Today.AddDays(3)));
        Assert.DoesNotContain(business.AsOf(Today.AddDays(3))!.Officers, o => o.Id == rui.Id);
        Assert.True(business.Cease(rui.Id, Today.AddDays(5), Officer, Now).Refusal is { Conflict: true });
    }

    [Fact]
    public void The_last_director_cannot_cease()
    {
        var business = NewBusiness();
        var only = business.Officers.Single();
        var refused = business.Cease(only.Id, Today.AddDays(1), Officer, Now).Refusal;
        Assert.True(refused is { Conflict: true });
        Assert.Contains("at least one director", refused!.Message, StringComparison.Ordinal);
        Assert.Equal(1, business.FilingCount);
    }

    [Fact]
    public void A_cessation_comes_after_the_appointment()
    {
        var business = NewBusiness();
        var appointed = business.Appoint(new OfficerAppointment(OfficerRole.Secretary, Person("100000003")), Today.AddDays(10), Officer, Now);
        var secretary = business.Officers.Single(o => o.AppointedByFiling == appointed.Filing!.Id);
        Assert.False(secretary.InOfficeOn(Today));
        Assert.True(secretary.InOfficeOn(Today.AddDays(10)));
        Assert.Equal("effectiveOn", business.Cease(secretary.Id, Today.AddDays(10), Officer, Now).Refusal!.Field);
    }

    [Theory]
    [InlineData("Over50To75", "Over50To75", true)]
    [InlineData("Over25To50", "Over75To100", true)]
    [InlineData("Over25To50", "Over50To75", false)]
    [InlineData("Over25To50", "Over25To50", false)]
    public void Share_bands_of_all_owners_must_fit_in_100_percent(string first, string second, bool impossible)
    {
        var controls = new[]
        {
            new NatureOfControl(Enum.Parse<ControlBand>(first), ControlBand.None, false),
            new NatureOfControl(Enum.Parse<ControlBand>(second), ControlBand.None, false),
        };
        Assert.Equal(impossible ? "shares" : null, Business.BandsImpossible(controls));
    }

    [Fact]
    public void An_owner_whose_bands_do_not_fit_is_refused_and_nothing_changes()
    {
        var business = NewBusiness();
        Assert.NotNull(business.NotifyOwner(new OwnerNotice(Person("200000001"), new NatureOfControl(ControlBand.Over50To75, ControlBand.None, false)), Today, Officer, Now).Filing);
        var refused = business.NotifyOwner(new OwnerNotice(Person("200000002"), new NatureOfControl(ControlBand.Over50To75, ControlBand.None, false)), Today, Officer, Now);
        Assert.Equal("owner.shares", refused.Refusal!.Field);
        Assert.Single(business.Owners);
        Assert.Equal(2, business.FilingCount);
    }

    [Fact]
    public void The_annual_confirmation_is_due_on_the_anniversary_and_moves_a_year()
    {
        var business = NewBusiness();
        Assert.Equal(Today.AddYears(1), business.ConfirmationDueOn);
        Assert.False(business.ConfirmationOverdueOn(Today.AddYears(1)));
        Assert.True(business.ConfirmationOverdueOn(Today.AddYears(1).AddDays(1)));

        // Too early: more than the window before the due date.
        Assert.True(business.ConfirmAnnually(Today, Officer, Now).Refusal is { Conflict: true });

        var inWindow = Now.AddYears(1).AddDays(-10);
        Assert.NotNull(business.ConfirmAnnually(DateOnly.FromDateTime(inWindow.UtcDateTime), Officer, inWindow).Filing);
        Assert.Equal(Today.AddYears(2), business.ConfirmationDueOn);
    }

    [Fact]
    public void The_overdue_flag_is_raised_once_per_due_date()
    {
        var business = NewBusiness();
        Assert.True(business.FlagConfirmationOverdue());
        Assert.False(business.FlagConfirmationOverdue());
        Assert.Equal(business.ConfirmationDueOn, business.OverdueSince);
    }

    [Fact]
    public void A_correction_changes_the_corrected_address_and_links_to_it()
    {
        var business = NewBusiness();
        var change = business.ChangeAddress(new Address("Rua Errada 1", null, "1000-000", "Lisboa", "PT"), Today.AddDays(2), Officer, Now).Filing!;
        var correction = business.CorrectAddress(change.Id, new Address("Rua Certa 1", null, "1000-000", "Lisboa", "PT"), Today.AddDays(4), Officer, Now).Filing!;

        Assert.Equal(change.Id, correction.Corrects);
        Assert.Equal(FilingKind.Correction, correction.Kind);
        Assert.Equal("Rua A 1", business.AsOf(Today.AddDays(3))!.Address.Line1);
        Assert.Equal("Rua Certa 1", business.AsOf(Today.AddDays(4))!.Address.Line1);
        Assert.Equal("corrects", business.CorrectAddress(correction.Id, Home, Today, Officer, Now).Refusal!.Field);
    }

    [Fact]
    public void Filing_details_never_carry_a_national_id_or_a_home_address()
    {
        var business = NewBusiness();
        business.Appoint(new OfficerAppointment(OfficerRole.Secretary, Person("300000003")), Today, Officer, Now);
        business.NotifyOwner(new OwnerNotice(Person("300000004"), new NatureOfControl(ControlBand.Over25To50, ControlBand.None, true)), Today, Officer, Now);
        foreach (var filing in business.Filings)
        {
            Assert.DoesNotContain("300000003", filing.Details, StringComparison.Ordinal);
            Assert.DoesNotContain("300000004", filing.Details, StringComparison.Ordinal);
            Assert.DoesNotContain("100000001", filing.Details, StringComparison.Ordinal);
            Assert.DoesNotContain("Rua 1", filing.Details, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Effective_dates_stay_between_registration_and_a_year_ahead()
    {
        var business = NewBusiness();
        Assert.Equal("effectiveOn", business.ChangeAddress(Home, Today.AddDays(-1), Officer, Now).Refusal!.Field);
        Assert.Equal("effectiveOn", business.ChangeAddress(Home, Today.AddDays(Business.MaxDaysAhead + 1), Officer, Now).Refusal!.Field);
        Assert.NotNull(business.ChangeAddress(Home, Today.AddDays(Business.MaxDaysAhead), Officer, Now).Filing);
    }

    [Theory]
    [InlineData("Café Łódź Lda.", "cafe lodz lda")]
    [InlineData("  CAFE   lodz-LDA ", "cafe lodz lda")]
    [InlineData("Straße & Søn", "strasse son")]
    [InlineData("Ação Ótima", "acao otima")]
    public void Names_compare_without_case_diacritics_and_punctuation(string name, string key) =>
        Assert.Equal(key, BusinessName.From(name)!.Key);

    [Fact]
    public void A_mandate_is_valid_from_its_first_to_its_last_day_until_revoked()
    {
        var mandate = new Mandate(Guid.NewGuid(), Guid.NewGuid(), Representative.SystemUser("ledgerly-accounting"), "Ledgerly", [MandateScope.Filings],
            Today.AddDays(1), Today.AddDays(10), "sub-1", Guid.NewGuid(), "books", Now);
        Assert.Equal(MandateState.Pending, mandate.StateOn(Today));
        Assert.True(mandate.ValidOn(Today.AddDays(10)));
        Assert.Equal(MandateState.Expired, mandate.StateOn(Today.AddDays(11)));
        Assert.True(mandate.Revoke("sub-1", "ended", Now));
        Assert.False(mandate.Revoke("sub-2", "again", Now.AddHours(1)));
        Assert.Equal("sub-1", mandate.RevokedBy);
        Assert.False(mandate.ValidOn(Today.AddDays(5)));
    }

    [Fact]
    public void The_shipped_codelist_has_every_section_division_and_group()
    {
        var codes = ActivityCodes.Shipped.All;
        Assert.Equal(21, codes.Count(c => c.Level == ActivityLevel.Section));
        Assert.Equal(88, codes.Count(c => c.Level == ActivityLevel.Division));
        Assert.Equal(272, codes.Count(c => c.Level == ActivityLevel.Group));
        Assert.True(ActivityCodes.Shipped.IsActivity("62.0"));
        Assert.Equal("J", ActivityCodes.Shipped.Find("62.0")!.Section);
        Assert.False(ActivityCodes.Shipped.IsActivity("J"));
        Assert.False(ActivityCodes.Shipped.IsActivity("04"));
    }
}
