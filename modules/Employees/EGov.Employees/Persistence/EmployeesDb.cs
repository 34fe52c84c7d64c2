using EGov.Agencies.Contracts;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Documents;
using EGov.Employees.Domain;
using EGov.Employees.Payroll;
using EGov.Employees.Security;
using EGov.SharedKernel.Idempotency;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EGov.Employees.Persistence;

internal sealed class EmployeesDb(DbContextOptions<EmployeesDb> options, TimeProvider clock)
    : ModuleDbContext(options, EmployeesModule.Descriptor.Schema, clock)
{
    /// <summary>Local copy of the agency registry (from AgencyRegistered / AgencyUpdated).</summary>
    public DbSet<AgencyCopy> Agencies => Set<AgencyCopy>();

    public DbSet<Position> Positions => Set<Position>();

    public DbSet<Employee> Employees => Set<Employee>();

    public DbSet<Assignment> Assignments => Set<Assignment>();

    public DbSet<SalaryRecord> SalaryRecords => Set<SalaryRecord>();

    public DbSet<EmployeeComponent> EmployeeComponents => Set<EmployeeComponent>();

    public DbSet<ChangeRequest> ChangeRequests => Set<ChangeRequest>();

    public DbSet<DataKey> DataKeys => Set<DataKey>();

    public DbSet<RuleSet> RuleSets => Set<RuleSet>();

    public DbSet<AgencyAccount> AgencyAccounts => Set<AgencyAccount>();

    public DbSet<PayrollRun> PayrollRuns => Set<PayrollRun>();

    public DbSet<Payslip> Payslips => Set<Payslip>();

    public DbSet<RunRead> RunReads => Set<RunRead>();

    public DbSet<IssuedDocument> Documents => Set<IssuedDocument>();

    public DbSet<LeaveRequest> LeaveRequests => Set<LeaveRequest>();

    public DbSet<LeaveEntry> LeaveEntries => Set<LeaveEntry>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.MapIdempotencyRecords();
        modelBuilder.MapIssuedDocuments();

        // One signed payslip document per payslip (the document's case is the payslip).
        modelBuilder.Entity<IssuedDocument>().HasIndex(d => d.CaseId).IsUnique().HasDatabaseName("ux_documents_case_id");
        modelBuilder.Entity<AgencyCopy>(e =>
        {
            e.ToTable("agencies");
            e.HasKey(a => a.Code);
        });
        modelBuilder.Entity<Position>(e =>
        {
            e.ToTable("positions");
            e.HasKey(p => p.Id);
            e.Property(p => p.AgencyCode).HasMaxLength(20);
            e.Property(p => p.Department).HasMaxLength(Position.MaxDepartmentLength);
            e.Property(p => p.Title).HasMaxLength(Position.MaxTitleLength);
            e.Property(p => p.Grade).HasMaxLength(10);
            e.Property(p => p.Function).HasConversion<string>().HasMaxLength(30);
            e.HasIndex(p => new { p.AgencyCode, p.Department });
            e.HasOne<Position>().WithMany().HasForeignKey(p => p.ReportsTo).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Employee>(e =>
        {
            e.ToTable("employees");
            e.HasKey(x => x.Id);
            e.Property(x => x.EmployeeNumber).HasMaxLength(20);
            e.HasIndex(x => x.EmployeeNumber).IsUnique();
            e.Property(x => x.AgencyCode).HasMaxLength(20);
            e.HasIndex(x => x.AgencyCode);
            e.Property(x => x.GivenName).HasMaxLength(Employee.MaxNameLength);
            e.Property(x => x.FamilyName).HasMaxLength(Employee.MaxNameLength);
            e.Property(x => x.PreferredName).HasMaxLength(Employee.MaxNameLength);
            e.Property(x => x.WorkPhone).HasMaxLength(Employee.MaxPhoneLength);
            e.Property(x => x.Version).IsRowVersion();
            e.Ignore(x => x.DisplayName);
            e.HasMany(x => x.Assignments).WithOne().HasForeignKey(a => a.EmployeeId);
            e.Navigation(x => x.Assignments).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<Assignment>(e =>
        {
            e.ToTable("assignments");
            e.HasKey(a => a.Id);

            // Ids are made by the domain: an assignment found in an employee's collection is new, not an existing row.
            e.Property(a => a.Id).ValueGeneratedNever();
            e.Property(a => a.AgencyCode).HasMaxLength(20);
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
            e.Ignore(a => a.Acting);
            e.HasOne<Position>().WithMany().HasForeignKey(a => a.PositionId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => new { a.AgencyCode, a.From });
            e.HasIndex(a => a.PositionId);
        });
        modelBuilder.Entity<SalaryRecord>(e =>
        {
            e.ToTable("salary_records");
            e.HasKey(s => s.Id);
            e.Property(s => s.MonthlyAmount).HasPrecision(14, 2);
            e.Property(s => s.ApprovedBy).HasMaxLength(200);
            e.HasOne<Employee>().WithMany().HasForeignKey(s => s.EmployeeId);
            e.HasIndex(s => new { s.EmployeeId, s.EffectiveFrom });
        });
        modelBuilder.Entity<EmployeeComponent>(e =>
        {
            e.ToTable("employee_components");
            e.HasKey(c => c.Id);
            e.Property(c => c.Code).HasMaxLength(20);
            e.Property(c => c.MonthlyAmount).HasPrecision(14, 2);
            e.HasOne<Employee>().WithMany().HasForeignKey(c => c.EmployeeId);
            e.HasIndex(c => c.EmployeeId);
        });
        modelBuilder.Entity<ChangeRequest>(e =>
        {
            e.ToTable("change_requests");
            e.HasKey(c => c.Id);
            e.Property(c => c.AgencyCode).HasMaxLength(20);
            e.Property(c => c.Field).HasConversion<string>().HasMaxLength(30);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.DecidedBy).HasMaxLength(200);
            e.Property(c => c.Reason).HasMaxLength(ChangeRequest.MaxReasonLength);
            e.Property(c => c.Version).IsRowVersion();
            e.HasOne<Employee>().WithMany().HasForeignKey(c => c.EmployeeId);
            e.HasIndex(c => new { c.AgencyCode, c.Status });
            e.HasIndex(c => c.EmployeeId);
        });
        modelBuilder.Entity<DataKey>(e =>
        {
            e.ToTable("data_keys");
            e.HasKey(k => k.Id);
            e.Property(k => k.AgencyCode).HasMaxLength(20);
            e.HasIndex(k => k.AgencyCode).IsUnique();
            e.Property(k => k.KekId).HasMaxLength(64);
        });
        modelBuilder.Entity<RuleSet>(e =>
        {
            e.ToTable("payroll_rules");
            e.HasKey(r => r.Year);
            e.Property(r => r.Year).ValueGeneratedNever();
            e.Property(r => r.Content).HasColumnType("jsonb");
        });
        modelBuilder.Entity<AgencyAccount>(e =>
        {
            e.ToTable("agency_accounts");
            e.HasKey(a => a.AgencyCode);
            e.Property(a => a.AgencyCode).HasMaxLength(20);
            e.Property(a => a.Name).HasMaxLength(140);
            e.Property(a => a.Iban).HasMaxLength(34);
            e.Property(a => a.Bic).HasMaxLength(11);
        });
        modelBuilder.Entity<PayrollRun>(e =>
        {
            e.ToTable("payroll_runs");
            e.HasKey(r => r.Id);
            e.Property(r => r.Reference).HasMaxLength(40);
            e.HasIndex(r => r.Reference).IsUnique();
            e.Property(r => r.AgencyCode).HasMaxLength(20);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.Currency).HasMaxLength(3);
            e.Property(r => r.StartedBy).HasMaxLength(200);
            e.Property(r => r.CancelledBy).HasMaxLength(200);
            e.Property(r => r.CancellationReason).HasMaxLength(PayrollRun.MaxReasonLength);
            e.Property(r => r.GrossTotal).HasPrecision(16, 2);
            e.Property(r => r.NetTotal).HasPrecision(16, 2);
            e.Property(r => r.EmployerTotal).HasPrecision(16, 2);
            e.Property(r => r.Version).IsRowVersion();
            e.Ignore(r => r.PayPeriod);

            // One run per agency and period that is not cancelled.
            e.HasIndex(r => new { r.AgencyCode, r.Period }).IsUnique().HasFilter("status <> 'Cancelled'").HasDatabaseName("ux_payroll_runs_live");
        });
        modelBuilder.Entity<Payslip>(e =>
        {
            e.ToTable("payslips");
            e.HasKey(p => p.Id);
            e.Property(p => p.EmployeeNumber).HasMaxLength(20);
            e.Property(p => p.EmployeeName).HasMaxLength(210);
            e.Property(p => p.AgencyCode).HasMaxLength(20);
            e.Property(p => p.Reference).HasMaxLength(IssuedDocument.MaxCaseReferenceLength);
            e.Property(p => p.PositionTitle).HasMaxLength(Position.MaxTitleLength);
            e.Property(p => p.Grade).HasMaxLength(10);
            e.Property(p => p.Currency).HasMaxLength(3);
            foreach (var amount in new[] { nameof(Payslip.Basic), nameof(Payslip.Gross), nameof(Payslip.Deductions), nameof(Payslip.Net), nameof(Payslip.EmployerCost) })
            {
                e.Property(amount).HasPrecision(14, 2);
            }

            e.Property(p => p.Lines).HasColumnType("jsonb");
            e.Property(p => p.Arrears).HasColumnType("jsonb");
            e.HasOne<PayrollRun>().WithMany().HasForeignKey(p => p.RunId);
            e.HasOne<Employee>().WithMany().HasForeignKey(p => p.EmployeeId);
            e.HasIndex(p => p.RunId);

            // Nobody is paid twice for a period: one live payslip per employee and period.
            e.HasIndex(p => new { p.EmployeeId, p.Period }).IsUnique().HasFilter("live").HasDatabaseName("ux_payslips_live");
        });
        modelBuilder.HasCaseReferenceSequence(LeaveLifecycle.CaseSequence);
        modelBuilder.Entity<LeaveRequest>(e =>
        {
            e.ToTable("leave_requests");
            e.MapCase(modelBuilder, "leave_request_timeline", "leave_request_id");
            e.Property(r => r.EmployeeNumber).HasMaxLength(20);
            e.Property(r => r.TypeCode).HasMaxLength(64);
            e.Property(r => r.Note).HasMaxLength(LeaveRequest.MaxNoteLength);
            e.HasOne<Employee>().WithMany().HasForeignKey(r => r.EmployeeId);
            e.HasIndex(r => new { r.EmployeeId, r.From });
        });
        modelBuilder.Entity<LeaveEntry>(e =>
        {
            e.ToTable("leave_entries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.TypeCode).HasMaxLength(64);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Ignore(x => x.Signed);
            e.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId);
            e.HasOne<LeaveRequest>().WithMany().HasForeignKey(x => x.RequestId);
            e.HasIndex(x => new { x.EmployeeId, x.Year, x.TypeCode });

            // Allocation, carry-forward and expiry once per employee, type and year; one booking per approved request.
            e.HasIndex(x => new { x.EmployeeId, x.TypeCode, x.Year, x.Kind }).IsUnique().HasFilter("kind <> 'Taken'").HasDatabaseName("ux_leave_entries_once");
            e.HasIndex(x => x.RequestId).IsUnique().HasFilter("request_id IS NOT NULL").HasDatabaseName("ux_leave_entries_request");
        });
        modelBuilder.Entity<RunRead>(e =>
        {
            e.ToTable("payroll_run_reads");
            e.HasKey(r => r.Id);
            e.Property(r => r.Actor).HasMaxLength(200);
            e.Property(r => r.ReaderName).HasMaxLength(200);
            e.Property(r => r.Purpose).HasMaxLength(40);
            e.HasOne<PayrollRun>().WithMany().HasForeignKey(r => r.RunId);
            e.HasIndex(r => r.RunId);
        });
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running host.</summary>
internal sealed class EmployeesDbDesignTimeFactory : IDesignTimeDbContextFactory<EmployeesDb>
{
    public EmployeesDb CreateDbContext(string[] args) =>
        new(DesignTime.Options<EmployeesDb>(EmployeesModule.Descriptor.Schema), TimeProvider.System);
}
