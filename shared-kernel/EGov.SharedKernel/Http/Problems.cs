using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EGov.SharedKernel.Http;

/// <summary>RFC 9457 problem responses with the platform's wording.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", extensions: CheckedExtensions(extensions));

    /// <summary>
    /// The members RFC 9457 defines: an extension with one of these names would put the member in the body twice,
    /// and JSON parsers keep only one of them.
    /// </summary>
    public static readonly IReadOnlySet<string> ReservedMembers =
        new HashSet<string>(["type", "title", "status", "detail", "instance"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Drops extensions named like a standard member; returns their names.</summary>
    public static IReadOnlyList<string> RemoveReservedExtensions(IDictionary<string, object?> extensions)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        var removed = extensions.Keys.Where(ReservedMembers.Contains).ToList();
        foreach (var key in removed)
        {
            extensions.Remove(key);
        }

        return removed;
    }

    private static IDictionary<string, object?>? CheckedExtensions(IDictionary<string, object?>? extensions)
    {
        if (extensions?.Keys.FirstOrDefault(ReservedMembers.Contains) is { } reserved)
        {
            throw new ArgumentException($"'{reserved}' is a standard problem member, not an extension: name it after what it holds.", nameof(extensions));
        }

        return extensions;
    }

    public static ValidationProblem Validation(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "One or more fields are invalid.");
}

/// <summary>Collects field → messages for a validation problem.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>Number of messages so far (to tell whether a check added any).</summary>
    public int Count => _errors.Values.Sum(m => m.Count);

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public ValidationErrors Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"'{field}' is required.");
        }

        return this;
    }

    public ValidationErrors MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            Add(field, $"'{field}' must be at most {max} characters.");
        }

        return this;
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
