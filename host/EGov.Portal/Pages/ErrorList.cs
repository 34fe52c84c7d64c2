namespace EGov.Portal.Pages;

/// <summary>The errors of a form, in the order of its fields: the summary at the top links each one to its field.</summary>
public sealed class ErrorList
{
    private readonly List<(string Field, string Message)> _errors = [];

    public bool Any => _errors.Count > 0;

    public IReadOnlyList<(string Field, string Message)> Items => _errors;

    public ErrorList Add(string field, string message)
    {
        _errors.Add((field, message));
        return this;
    }

    /// <summary>The message for <paramref name="field"/>, or null.</summary>
    public string? For(string field) => _errors.FirstOrDefault(e => e.Field == field).Message;
}
