using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EGov.BuildingBlocks.Json;
using EGov.BuildingBlocks.Packages;
using EGov.Employees.Domain;

namespace EGov.Employees.Leave;

/// <summary>
/// The <c>g2e-leave-type</c> package kind: a leave type and its policy as one JSON document (name, category, allowance
/// by grade or for every grade, whether requests are limited by the balance, carry-forward cap and expiry, longest request).
/// </summary>
internal sealed partial class LeaveTypePackage : PackageKind<LeavePolicy>
{
    public static LeaveTypePackage Instance { get; } = new();

    private static readonly string[] Categories = ["annual", "sick", "parental", "other"];

    public override string Name => "g2e-leave-type";

    public override int FormatVersion => 1;

    public override string Title => "G2E leave type";

    public override string Description => "A leave type and its policy: allowance per year (by grade), balance limit, carry-forward with a cap and an expiry day.";

    protected override IReadOnlyList<PackageMember> Members { get; } =
    [
        new("name", true, JsonNode.Parse("""{ "type": "string", "minLength": 1, "maxLength": 100 }""")!),
        new("category", true, JsonNode.Parse("""{ "enum": ["annual", "sick", "parental", "other"] }""")!),
        new("allowanceByGrade", false, JsonNode.Parse("""{ "type": "object", "propertyNames": { "pattern": "^G([1-9]|1[0-2])$" }, "additionalProperties": { "type": "integer", "minimum": 0, "maximum": 366 } }""")!),
        new("allowance", false, JsonNode.Parse("""{ "type": "integer", "minimum": 0, "maximum": 366, "description": "Working days a year for every grade the map does not name." }""")!),
        new("limitedByBalance", true, JsonNode.Parse("""{ "type": "boolean" }""")!),
        new("carryForward", false, JsonNode.Parse("""{ "type": "object", "required": ["maxDays", "expiresOn"], "additionalProperties": false, "properties": { "maxDays": { "type": "integer", "minimum": 0, "maximum": 366 }, "expiresOn": { "type": "string", "pattern": "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", "description": "MM-DD of the next year after which carried-forward days lapse." } } }""")!),
        new("maxWorkingDaysPerRequest", true, JsonNode.Parse("""{ "type": "integer", "minimum": 1, "maximum": 366 }""")!),
    ];

    protected override LeavePolicy? ReadContent(JsonObjectReader package)
    {
        var name = package.GetString("name", required: true, 100);
        var category = package.GetString("category", required: true, 20, CategoryPattern(), "one of annual, sick, parental, other");
        var byGrade = new Dictionary<string, int>(StringComparer.Ordinal);
        if (package.Get("allowanceByGrade") is { } map)
        {
            if (map.ValueKind != JsonValueKind.Object)
            {
                package.Errors.Add(package.At("allowanceByGrade"), "An object of grade (G1 to G12) to working days.");
            }
            else
            {
                foreach (var grade in map.EnumerateObject())
                {
                    var at = JsonObjectReader.At(package.At("allowanceByGrade"), grade.Name);
                    if (!GradePattern().IsMatch(grade.Name))
                    {
                        package.Errors.Add(at, "A grade is G1 to G12.");
                    }
                    else if (grade.Value.ValueKind != JsonValueKind.Number || !grade.Value.TryGetInt32(out var days) || days is < 0 or > 366)
                    {
                        package.Errors.Add(at, "Working days from 0 to 366.");
                    }
                    else
                    {
                        byGrade[grade.Name] = days;
                    }
                }
            }
        }

        var allowance = package.GetInt("allowance", required: false, 0, 366);
        var limited = package.GetBoolean("limitedByBalance", required: true);
        CarryForwardRule? carry = null;
        if (package.GetObject("carryForward", required: false, ["maxDays", "expiresOn"]) is { } rule)
        {
            var max = rule.GetInt("maxDays", required: true, 0, 366);
            var expires = rule.GetString("expiresOn", required: true, 5, ExpiryPattern(), "MM-DD");
            if (max is not null && expires is not null)
            {
                var month = int.Parse(expires[..2], System.Globalization.CultureInfo.InvariantCulture);
                var day = int.Parse(expires[3..], System.Globalization.CultureInfo.InvariantCulture);
                if (day > DateTime.DaysInMonth(2024, month))
                {
                    package.Errors.Add(rule.At("expiresOn"), "Not a day of that month.");
                }
                else
                {
                    carry = new CarryForwardRule(max.Value, month, day);
                }
            }
        }

        var longest = package.GetInt("maxWorkingDaysPerRequest", required: true, 1, 366);
        if (limited == true && byGrade.Count == 0 && allowance is null or 0)
        {
            package.Errors.Add(package.At("allowance"), "A type limited by the balance allocates days: give 'allowance' or 'allowanceByGrade'.");
        }

        if (name is null || category is null || limited is null || longest is null || package.Errors.Any)
        {
            return null;
        }

        return new LeavePolicy(name, Enum.Parse<LeaveCategory>(category, ignoreCase: true), byGrade, allowance, limited.Value, carry, longest.Value);
    }

    protected override void WriteContent(Utf8JsonWriter writer, LeavePolicy content)
    {
        writer.WriteString("name", content.Name);
        writer.WriteString("category", content.Category.ToString().ToLowerInvariant());
        if (content.AllowanceByGrade.Count > 0)
        {
            writer.WriteStartObject("allowanceByGrade");
            foreach (var (grade, days) in content.AllowanceByGrade.OrderBy(g => int.Parse(g.Key[1..], System.Globalization.CultureInfo.InvariantCulture)))
            {
                writer.WriteNumber(grade, days);
            }

            writer.WriteEndObject();
        }

        if (content.Allowance is { } allowance)
        {
            writer.WriteNumber("allowance", allowance);
        }

        writer.WriteBoolean("limitedByBalance", content.LimitedByBalance);
        if (content.CarryForward is { } carry)
        {
            writer.WriteStartObject("carryForward");
            writer.WriteNumber("maxDays", carry.MaxDays);
            writer.WriteString("expiresOn", $"{carry.ExpiresMonth:D2}-{carry.ExpiresDay:D2}");
            writer.WriteEndObject();
        }

        writer.WriteNumber("maxWorkingDaysPerRequest", content.MaxWorkingDaysPerRequest);
    }

    [GeneratedRegex("^(annual|sick|parental|other)$")]
    private static partial Regex CategoryPattern();

    [GeneratedRegex("^G([1-9]|1[0-2])$")]
    private static partial Regex GradePattern();

    [GeneratedRegex("^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    private static partial Regex ExpiryPattern();
}

/// <summary>The leave types the platform ships (packages under <c>Leave/Packages</c>), read and checked once.</summary>
internal sealed class LeaveTypes
{
    private readonly Dictionary<string, LeaveType> _types;

    public LeaveTypes()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "EGov.Employees.Leave.Packages.";
        _types = assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(name =>
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var package = LeaveTypePackage.Instance.ReadTrusted(reader.ReadToEnd(), name);
            return new LeaveType(package.Code, package.Version ?? 1, package.Content);
        }).ToDictionary(t => t.Code, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<LeaveType> All => _types.Values.OrderBy(t => t.Code, StringComparer.Ordinal).ToList();

    public LeaveType? Find(string? code) => code is not null && _types.TryGetValue(code, out var type) ? type : null;
}
