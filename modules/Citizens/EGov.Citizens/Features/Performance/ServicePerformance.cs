using System.ComponentModel.DataAnnotations;
using System.Globalization;
using EGov.BuildingBlocks.Casework;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using TextLanguages = EGov.BuildingBlocks.Texts.Languages;

namespace EGov.Citizens.Features.Performance;

/// <summary>One service in one calendar month (UTC).</summary>
/// <param name="Received">Applications submitted in the month.</param>
/// <param name="Decided">Applications approved or rejected in the month (withdrawn ones are not decisions).</param>
/// <param name="MedianDaysToDecision">Median of submission to decision, in days (one decimal), over the month's decisions; null without any.</param>
/// <param name="DecidedWithinDeadline">Decisions of the month taken on or before the application's due date.</param>
/// <param name="ShareWithinDeadline">DecidedWithinDeadline / Decided (0 to 1, three decimals); null without decisions.</param>
internal sealed record ServiceMonthFigures(
    string Service,
    string Title,
    string Month,
    int Received,
    int Decided,
    decimal? MedianDaysToDecision,
    int DecidedWithinDeadline,
    decimal? ShareWithinDeadline);

/// <summary>The figures of every service with activity between <c>from</c> and <c>to</c>, and how they are computed.</summary>
internal sealed record ServicePerformanceReport(string From, string To, string Method, IReadOnlyList<ServiceMonthFigures> Figures);

/// <summary>
/// Service performance in public (open data): per service and month, applications received, the median time to a
/// decision and the share decided within the statutory deadline, computed from the cases themselves.
/// </summary>
internal static class ServicePerformance
{
    public const int MaxMonths = 36;

    public const string Method =
        "Computed from the platform's cases when asked. Months are calendar months in UTC. Received: applications submitted in the month. "
        + "Decided: applications approved or rejected in the month (withdrawals are not decisions). Median days to decision: the median, "
        + "over the month's decisions, of the time from submission to decision in days. Within deadline: decisions taken on or before "
        + "the application's due date, which is the statutory deadline in working days from submission, extended by the days the case "
        + "waited for the citizen's answer to a request for information. Share within deadline: within deadline divided by decided. "
        + "Months without applications or decisions are left out.";

    public static void Map(RouteGroupBuilder module) =>
        module.MapGet("/performance", GetAsync)
            .RequireAccess(Access.Public)
            .WithName("GetServicePerformance")
            .WithSummary("Service performance per month")
            .WithDescription("Per service and calendar month (UTC): applications received, decisions, median days from submission to decision, and the share decided within the deadline. `from` and `to` are months (`YYYY-MM`, at most 36 months; default the last 12 up to the current one); `service` keeps one service. The method is stated in the answer.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<ServicePerformanceReport>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [RegularExpression(@"^\d{4}-(0[1-9]|1[0-2])$")] string? from,
        [RegularExpression(@"^\d{4}-(0[1-9]|1[0-2])$")] string? to,
        [MaxLength(64)] string? service,
        HttpRequest request,
        CitizensDb db,
        TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var now = clock.GetUtcNow();
        var thisMonth = new DateOnly(now.Year, now.Month, 1);
        var last = ParseMonth("to", to, errors) ?? thisMonth;
        var first = ParseMonth("from", from, errors) ?? last.AddMonths(-11);
        errors.MaxLength("service", service, 64);
        if (!errors.Any && first > last)
        {
            errors.Add("from", "Give a month on or before 'to'.");
        }
        else if (!errors.Any && MonthsBetween(first, last) >= MaxMonths)
        {
            errors.Add("to", $"Ask for at most {MaxMonths} months at once.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var services = await db.Services.AsNoTracking().Where(s => s.IsCurrent).ToListAsync(ct);
        if (service is not null && services.All(s => s.Code != service))
        {
            return Problems.NotFound($"There is no service {service}.");
        }

        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(last.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var rows = await FiguresAsync(db, start, end, service, ct);
        var titles = services.ToDictionary(
            s => s.Code,
            s =>
            {
                var language = TextLanguages.Of(request, s.Languages);
                return s.Title(s.Languages.Contains(language) ? language : s.Languages[0]);
            },
            StringComparer.Ordinal);

        var figures = rows
            .Select(r => new ServiceMonthFigures(
                r.Service,
                titles.GetValueOrDefault(r.Service, r.Service),
                r.Month,
                r.Received,
                r.Decided,
                r.MedianDays is { } median ? Math.Round(median, 1, MidpointRounding.AwayFromZero) : null,
                r.WithinDeadline,
                r.Decided == 0 ? null : Math.Round((decimal)r.WithinDeadline / r.Decided, 3, MidpointRounding.AwayFromZero)))
            .ToList();
        return TypedResults.Ok(new ServicePerformanceReport(MonthText(first), MonthText(last), Method, figures));
    }

    /// <summary>One query (columns in snake case, as the naming convention maps the row): submissions and decisions of the window grouped by service and month, the median in SQL.</summary>
    private static async Task<List<FigureRow>> FiguresAsync(CitizensDb db, DateTimeOffset start, DateTimeOffset end, string? service, CancellationToken ct)
    {
        var approved = CaseOutcome.Approved.ToString();
        var rejected = CaseOutcome.Rejected.ToString();
        return await db.Database.SqlQuery<FigureRow>($"""
            WITH received AS (
                SELECT service_code, to_char(date_trunc('month', submitted_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*)::int AS received
                FROM g2c.applications
                WHERE submitted_at >= {start} AND submitted_at < {end} AND ({service}::text IS NULL OR service_code = {service}::text)
                GROUP BY 1, 2),
            decided AS (
                SELECT service_code, to_char(date_trunc('month', closed_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*)::int AS decided,
                       (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - submitted_at) / 86400.0))::numeric AS median_days,
                       (count(*) FILTER (WHERE (closed_at AT TIME ZONE 'UTC')::date <= due_date))::int AS within_deadline
                FROM g2c.applications
                WHERE closed_at >= {start} AND closed_at < {end} AND outcome IN ({approved}, {rejected})
                  AND ({service}::text IS NULL OR service_code = {service}::text)
                GROUP BY 1, 2)
            SELECT coalesce(r.service_code, d.service_code) AS service, coalesce(r.month, d.month) AS month,
                   coalesce(r.received, 0) AS received, coalesce(d.decided, 0) AS decided,
                   d.median_days AS median_days, coalesce(d.within_deadline, 0) AS within_deadline
            FROM received r FULL OUTER JOIN decided d ON d.service_code = r.service_code AND d.month = r.month
            ORDER BY 1, 2
            """).ToListAsync(ct);
    }

    private static DateOnly? ParseMonth(string field, string? value, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length == 7
            && DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            && month.Year >= 2000)
        {
            return month;
        }

        errors.Add(field, "Give a month as YYYY-MM, from 2000-01.");
        return null;
    }

    private static int MonthsBetween(DateOnly first, DateOnly last) => ((last.Year - first.Year) * 12) + last.Month - first.Month;

    private static string MonthText(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private sealed record FigureRow(string Service, string Month, int Received, int Decided, decimal? MedianDays, int WithinDeadline);
}
