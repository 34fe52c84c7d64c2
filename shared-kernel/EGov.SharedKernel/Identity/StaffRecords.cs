using EGov.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.SharedKernel.Identity;

/// <summary>What a position is for, as the back offices ask the establishment about it.</summary>
public enum StaffFunction
{
    /// <summary>Decides citizens' and businesses' cases.</summary>
    Caseworker,

    /// <summary>Runs tenders and awards contracts.</summary>
    ProcurementOfficer,

    /// <summary>Audits other bodies.</summary>
    Auditor,

    /// <summary>Keeps personnel records.</summary>
    HrOfficer,

    /// <summary>Runs the payroll.</summary>
    PayrollOfficer,

    /// <summary>Leads a department or a team.</summary>
    Manager,

    /// <summary>Any other post.</summary>
    General,
}

/// <summary>
/// The establishment's answer to "does this employee hold, on this day, a position of this agency for this function".
/// The Employees module provides it (its <c>IStaffDirectory</c>); a deployment without that module has none, and the
/// back offices then admit staff on their token alone (docs/operations.md, <i>Switching a module off</i>).
/// </summary>
public interface IStaffRecords
{
    /// <summary>
    /// True when the employee with <paramref name="employeeNumber"/> holds, on <paramref name="on"/>, a substantive or
    /// acting assignment to a position of agency <paramref name="agencyCode"/> whose function is <paramref name="function"/>.
    /// </summary>
    Task<bool> HoldsAsync(string employeeNumber, string agencyCode, StaffFunction function, DateOnly on, CancellationToken cancellationToken);
}

/// <summary>The staff function an operation requires beside its role, published as <c>x-egov-staff-record</c>.</summary>
public sealed record StaffRecordRequirement(StaffFunction Function);

public static class StaffRecordConventions
{
    /// <summary>
    /// Admits a caller to the endpoints of <paramref name="builder"/> only while their staff record (the employee
    /// number and agency of their token) shows a current position of that agency for <paramref name="function"/>.
    /// Asked on every request, never cached: a leaver or a transferred employee is refused on their next request,
    /// whatever their token still says. Apply it next to <see cref="AccessConventions.RequireAccess{TBuilder}"/>.
    /// </summary>
    public static TBuilder RequireStaffRecord<TBuilder>(this TBuilder builder, StaffFunction function) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new StaffRecordRequirement(function));
        builder.AddEndpointFilter(async (context, next) =>
            await StaffRecordRefusalAsync(context.HttpContext, function) is { } refusal ? refusal : await next(context));
        return builder;
    }

    private static async Task<IResult?> StaffRecordRefusalAsync(HttpContext http, StaffFunction function)
    {
        var records = http.RequestServices.GetService<IStaffRecords>();
        if (records is null)
        {
            return null;
        }

        var user = http.RequestServices.GetRequiredService<ICurrentUser>();
        if (user.EmployeeId is not { Length: > 0 } employeeNumber || user.AgencyId is not { Length: > 0 } agency)
        {
            return Problems.Forbidden("This work needs a staff record: your token names no employee number or no agency.");
        }

        var today = DateOnly.FromDateTime(http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        return await records.HoldsAsync(employeeNumber, agency, function, today, http.RequestAborted)
            ? null
            : Problems.Forbidden($"Your staff record shows no current {Describe(function)} position at agency {agency}: ask HR of the agency.");
    }

    private static string Describe(StaffFunction function) => function switch
    {
        StaffFunction.Caseworker => "caseworker",
        StaffFunction.ProcurementOfficer => "procurement officer",
        StaffFunction.Auditor => "auditor",
        StaffFunction.HrOfficer => "HR officer",
        StaffFunction.PayrollOfficer => "payroll officer",
        StaffFunction.Manager => "manager",
        _ => "staff",
    };
}
