using EGov.BuildingBlocks.Calendar;
using EGov.Employees.Domain;
using EGov.Employees.Leave;
using EGov.SharedKernel.Http;

namespace EGov.Employees.Tests;

/// <summary>The ledger's rules and the leave-type package reader, without a host.</summary>
public sealed class LeaveLedgerTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    private static LeaveType Annual => new LeaveTypes().Find("annual")!;

    private static Employee Paula()
    {
        var position = Position.Create(Guid.NewGuid(), "PSC", "HR", "Analyst", "G6", EGov.SharedKernel.Identity.StaffFunction.General, true, null, Now);
        return Employee.Hire(Guid.NewGuid(), "E-1", "Paula", "Nowak", null, position, new DateOnly(2020, 1, 1), Now);
    }

    [Fact]
    public void Carried_forward_days_are_used_first_and_only_what_was_left_by_the_expiry_day_lapses()
    {
        var employee = Paula();
        var previous = new LeaveAccount(employee.Id, Annual, 2026, []);
        Assert.True(previous.Allocate("G6", new DateOnly(2026, 1, 1), Now));
        Assert.False(previous.Allocate("G6", new DateOnly(2026, 1, 1), Now));
        var year = new LeaveAccount(employee.Id, Annual, 2027, []);
        Assert.True(year.Allocate("G10", new DateOnly(2027, 1, 1), Now));
        Assert.True(year.CarryForwardFrom(previous, Now));
        Assert.Equal(5, year.Sum(LeaveEntryKind.CarriedForward));
        Assert.Equal(35, year.Balance(0).Balance);

        // Three days taken in March, before the expiry day (31 March): two carried-forward days lapse.
        var march = LeaveRequest.File(Guid.NewGuid(), "G2E-LV-2027-000001", employee, Annual, new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 3), null, WorkingDays.WeekendsOnly, Now);
        Assert.Equal(3, march.WorkingDays);
        Assert.True(year.Take(march, Now));
        Assert.False(year.Take(march, Now));
        Assert.False(year.Expire(new DateOnly(2027, 3, 31), Now));
        Assert.True(year.Expire(new DateOnly(2027, 4, 1), Now));
        Assert.Equal(2, year.Sum(LeaveEntryKind.Expired));
        Assert.Equal(30, year.Balance(0).Balance);
        Assert.False(year.Expire(new DateOnly(2027, 5, 1), Now));
        Assert.Equal(25, year.Balance(5).Available);
    }

    [Fact]
    public void The_package_reader_names_every_mistake_and_writes_what_it_reads()
    {
        var errors = new ValidationErrors();
        Assert.Null(LeaveTypePackage.Instance.Read("""
            { "kind": "g2e-leave-type", "formatVersion": 1, "code": "Study", "name": "", "category": "holiday", "allowanceByGrade": { "G13": 3 },
              "limitedByBalance": true, "carryForward": { "maxDays": 5, "expiresOn": "02-30" }, "maxWorkingDaysPerRequest": 0, "extra": 1 }
            """, errors));
        var fields = errors.ToDictionary().Keys.ToHashSet();
        foreach (var field in new[] { "code", "name", "category", "allowanceByGrade.G13", "carryForward.expiresOn", "maxWorkingDaysPerRequest", "extra" })
        {
            Assert.Contains(field, fields);
        }

        var annual = new LeaveTypes().Find("annual")!;
        var written = LeaveTypePackage.Instance.Write(new EGov.BuildingBlocks.Packages.Package<LeavePolicy>(annual.Code, annual.Version, annual.Policy));
        var back = LeaveTypePackage.Instance.ReadTrusted(written, "round trip");
        Assert.Equal(LeaveTypePackage.Instance.ContentJson(annual.Policy), LeaveTypePackage.Instance.ContentJson(back.Content));
        Assert.Equal(30, back.Content.AllowanceFor("G12"));
    }
}
