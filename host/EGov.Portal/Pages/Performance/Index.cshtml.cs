using System.Globalization;
using System.Text;
using System.Text.Json;
using EGov.Portal.Api.G2c;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EGov.Portal.Pages.Performance;

/// <summary>
/// Service performance in public: the platform's figures per service and month (G2C <c>GET /api/g2c/performance</c>),
/// as a page and as open data (CSV and JSON), with the method stated.
/// </summary>
public sealed class IndexModel(G2cApi api) : PageModel
{
    internal ServicePerformanceReport Report { get; private set; } = null!;

    public string? Service { get; private set; }

    internal IReadOnlyList<ServiceResponse> Services { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? service, CancellationToken cancellationToken)
    {
        Services = (await api.ListServicesAsync(1, 100, cancellationToken: cancellationToken)).Items.OrderBy(s => s.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
        Service = Services.Any(s => s.Code == service) ? service : null;
        Report = await api.GetServicePerformanceAsync(service: Service, cancellationToken: cancellationToken);
        return Page();
    }

    /// <summary>The figures as CSV (RFC 4180, UTF-8), one row per service and month.</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? service, CancellationToken cancellationToken)
    {
        var report = await ReportForAsync(service, cancellationToken);
        var csv = new StringBuilder("service,title,month,received,decided,median_days_to_decision,decided_within_deadline,share_within_deadline\r\n");
        foreach (var row in report.Figures)
        {
            csv.Append(Field(row.Service)).Append(',').Append(Field(row.Title)).Append(',').Append(row.Month).Append(',')
                .Append(Number(row.Received)).Append(',').Append(Number(row.Decided)).Append(',').Append(Number(row.MedianDaysToDecision)).Append(',')
                .Append(Number(row.DecidedWithinDeadline)).Append(',').Append(Number(row.ShareWithinDeadline)).Append("\r\n");
        }

        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"service-performance-{report.From}-{report.To}.csv");
    }

    /// <summary>The figures as JSON, with the period and the method.</summary>
    public async Task<IActionResult> OnGetJsonAsync(string? service, CancellationToken cancellationToken)
    {
        var report = await ReportForAsync(service, cancellationToken);
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            from = report.From,
            to = report.To,
            method = report.Method,
            figures = report.Figures.Select(r => new
            {
                service = r.Service,
                title = r.Title,
                month = r.Month,
                received = r.Received,
                decided = r.Decided,
                medianDaysToDecision = r.MedianDaysToDecision,
                decidedWithinDeadline = r.DecidedWithinDeadline,
                shareWithinDeadline = r.ShareWithinDeadline,
            }),
        });
        return File(json, "application/json", $"service-performance-{report.From}-{report.To}.json");
    }

    private async Task<ServicePerformanceReport> ReportForAsync(string? service, CancellationToken cancellationToken) =>
        await api.GetServicePerformanceAsync(service: string.IsNullOrWhiteSpace(service) || service.Length > 64 ? null : service, cancellationToken: cancellationToken);

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) < 0 && !value.StartsWith('=') && !value.StartsWith('+') && !value.StartsWith('-') && !value.StartsWith('@')
            ? value
            : "\"" + (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) ? "'" : "") + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
