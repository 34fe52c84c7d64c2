using EGov.Agencies.Contracts;
using EGov.BuildingBlocks.Calendar;
using EGov.BuildingBlocks.Documents;
using EGov.BuildingBlocks.Packages;
using EGov.Employees.Contracts;
using EGov.Employees.Features;
using EGov.Employees.Features.Establishment;
using EGov.Employees.Features.Leave;
using EGov.Employees.Features.PayrollRuns;
using EGov.Employees.Features.SelfService;
using EGov.Employees.Integration;
using EGov.Employees.Leave;
using EGov.Employees.Payroll;
using EGov.Employees.Persistence;
using EGov.Employees.Security;
using EGov.SharedKernel.Events;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Modules;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EGov.Employees;

/// <summary>G2E — employees: establishment, personnel records (sensitive fields encrypted), payroll, payslips.</summary>
public static class EmployeesModule
{
    internal static readonly ModuleDescriptor Descriptor = new(
        "Employees",
        "g2e",
        "EGov.Platform — G2E (employees)",
        "Government to employee: the establishment (positions and assignments), personnel records with encrypted sensitive fields and a read log, " +
        "payroll runs that never pay twice, signed payslips, ISO 20022 bank files, and self-service for employees.");

    public static IHostApplicationBuilder AddEmployeesModule(this IHostApplicationBuilder builder)
    {
        if (!builder.TryAddModule<EmployeesDb>(Descriptor))
        {
            return builder;
        }

        builder.Services.AddOptions<EncryptionOptions>()
            .BindConfiguration(EncryptionOptions.Section)
            .Validate(o => EncryptionOptions.Problem(o) is null, "Employees:Encryption is invalid: keys are 32 bytes in base64 and CurrentKey names one of them.")
            .ValidateOnStart();
        builder.Services.AddOptions<PayrollOptions>()
            .BindConfiguration(PayrollOptions.Section)
            .Validate(o => o.BatchSize is >= 1 and <= 100_000, "Employees:Payroll:BatchSize is between 1 and 100000.")
            .ValidateOnStart();
        builder.Services.AddDataProtection();
        builder.Services.AddSingleton<KeyEncryptionKeys>();
        builder.Services.AddSingleton<DataKeyCache>();
        builder.Services.AddSingleton<RuleCache>();
        builder.Services.AddScoped<RecordCipher>();
        builder.Services.AddScoped<DataKeyRotation>();
        builder.Services.AddScoped<RuleBook>();
        builder.Services.AddScoped<Creates>();
        builder.Services.AddScoped<PersonnelRecords>();
        builder.Services.AddScoped<PayrollEngine>();
        builder.Services.AddScoped<BankFile>();
        builder.Services.AddScoped<IStaffDirectory, StaffDirectory>();
        builder.Services.AddScoped<IStaffRecords>(services => services.GetRequiredService<IStaffDirectory>());
        builder.Services.AddWorkingCalendar();
        builder.Services.AddSingleton<LeaveTypes>();
        builder.Services.AddScoped<LeaveBook>();
        builder.Services.AddDocumentSource<EmployeesDb, AgencyIssuerNames>();

        // Reference data in every environment; the demo establishment and a paid month in Development only.
        builder.Services.AddModuleSeeder<PayrollReferenceSeeder>();
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddModuleSeeder<DevelopmentSeeder>();
        }

        // The module's copy of the agency registry, fed by the Agencies module's events.
        builder.Services.AddLocalCopy<AgencyRegistered, AgencySnapshot, AgencyCopy, EmployeesDb>("g2e.agency-copy", e => e.Agency, a => a.Code, a => a.Version);
        builder.Services.AddLocalCopy<AgencyUpdated, AgencySnapshot, AgencyCopy, EmployeesDb>("g2e.agency-copy", e => e.Agency, a => a.Code, a => a.Version);
        return builder;
    }

    public static IEndpointRouteBuilder MapEmployeesModule(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.IsModuleEnabled(Descriptor))
        {
            return endpoints;
        }

        var module = endpoints.MapModuleGroup(Descriptor);
        PositionEndpoints.Map(module);
        EmployeeEndpoints.Map(module);
        MyRecord.Map(module);
        PayrollEndpoints.Map(module);
        MyPayslips.Map(module);
        EncryptionEndpoints.Map(module);
        LeaveEndpoints.Map(module);
        endpoints.MapPackageSchema(LeaveTypePackage.Instance);
        return endpoints;
    }
}
