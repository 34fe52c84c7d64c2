using System.Text.RegularExpressions;
using EGov.BuildingBlocks.Texts;
using EGov.SharedKernel.Http;

namespace EGov.BuildingBlocks.Notices;

/// <summary>
/// The one check of a template, for the file a module ships and for a version an operator publishes: parameters
/// named once each, a subject and a body in the same languages, sizes, placeholders well formed and each one a
/// declared parameter, optional parameters only inside their own section, date formats the block can show.
/// </summary>
public static partial class NoticeTemplateRules
{
    public const string KeyPattern = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$";

    public static bool IsKey(string? key) => key is { Length: > 0 and <= NoticeTemplate.MaxKeyLength } && Key().IsMatch(key);

    /// <summary>
    /// Checks a template's parts and records what is wrong under their paths (<c>parameters[1].name</c>,
    /// <c>subject.fr</c>, <c>body.en</c>, <c>dateFormat.fr</c>). Returns the content when it is valid, else null.
    /// </summary>
    public static NoticeTemplateContent? Validate(
        IReadOnlyList<NoticeParameter?>? parameters,
        IReadOnlyDictionary<string, string?>? subject,
        IReadOnlyDictionary<string, string?>? body,
        IReadOnlyDictionary<string, string?>? dateFormat,
        ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var declared = ValidateParameters(parameters ?? [], errors);
        var subjectText = LocalizedText.Validate(subject, "subject", errors, NoticeTemplate.MaxSubjectLength);
        var bodyText = LocalizedText.Validate(body, "body", errors, NoticeTemplate.MaxBodyLength);
        var dateFormats = LocalizedText.Validate(dateFormat, "dateFormat", errors, NoticeDateFormat.MaxLength, required: false);

        if (subjectText is not null && bodyText is not null)
        {
            foreach (var language in subjectText.Keys.Except(bodyText.Keys))
            {
                errors.Add($"body.{language}", $"There is a subject in '{language}' but no body: every language has both.");
            }

            foreach (var language in bodyText.Keys.Except(subjectText.Keys))
            {
                errors.Add($"subject.{language}", $"There is a body in '{language}' but no subject: every language has both.");
            }
        }

        foreach (var (language, text) in subjectText ?? LocalizedText.Empty)
        {
            if (text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal))
            {
                errors.Add($"subject.{language}", "A subject is one line.");
            }

            CheckPlaceholders(text, $"subject.{language}", declared, errors);
        }

        foreach (var (language, text) in bodyText ?? LocalizedText.Empty)
        {
            CheckPlaceholders(text, $"body.{language}", declared, errors);
        }

        foreach (var (language, pattern) in dateFormats ?? LocalizedText.Empty)
        {
            if (!NoticeDateFormat.IsValid(pattern))
            {
                errors.Add($"dateFormat.{language}", "A date format has a day (d or dd), a month (M or MM) and a year (yy or yyyy), each once, separated by spaces, '.', '/' or '-': yyyy-MM-dd, dd/MM/yyyy.");
            }
        }

        return errors.Count == before && declared is not null
            ? new NoticeTemplateContent((parameters ?? []).Select(p => p!).ToList(), subjectText!, bodyText!, dateFormats ?? LocalizedText.Empty)
            : null;
    }

    /// <summary>The parameters by name, in their order (null when one is invalid: placeholders are then not checked against them).</summary>
    private static Dictionary<string, NoticeParameter>? ValidateParameters(IReadOnlyList<NoticeParameter?> parameters, ValidationErrors errors)
    {
        if (parameters.Count > NoticeTemplate.MaxParameters)
        {
            errors.Add("parameters", $"At most {NoticeTemplate.MaxParameters} parameters.");
            return null;
        }

        var declared = new Dictionary<string, NoticeParameter>(StringComparer.Ordinal);
        var valid = true;
        for (var i = 0; i < parameters.Count; i++)
        {
            var path = $"parameters[{i}]";
            if (parameters[i] is not { } parameter)
            {
                errors.Add(path, "A parameter is an object with a name, a type and whether it is optional.");
                valid = false;
                continue;
            }

            if (!NoticeText.IsName(parameter.Name))
            {
                errors.Add($"{path}.name", "A parameter name is 1 to 40 letters and digits, starting with a lower-case letter (dueDate).");
                valid = false;
            }
            else if (!declared.TryAdd(parameter.Name, parameter))
            {
                errors.Add($"{path}.name", $"'{parameter.Name}' is declared twice.");
                valid = false;
            }

            if (!Enum.IsDefined(parameter.Type))
            {
                errors.Add($"{path}.type", $"The type is one of: {string.Join(", ", Enum.GetNames<NoticeValueType>())}.");
                valid = false;
            }
        }

        return valid ? declared : null;
    }

    private static void CheckPlaceholders(string text, string path, Dictionary<string, NoticeParameter>? declared, ValidationErrors errors)
    {
        if (NoticeText.Parse(text, out var error) is not { } segments)
        {
            errors.Add(path, error!);
            return;
        }

        if (declared is null)
        {
            return;
        }

        var takes = declared.Count == 0 ? "none" : string.Join(", ", declared.Keys);
        foreach (var (name, isSection, insideOwnSection) in NoticeText.Uses(segments).Distinct())
        {
            if (!declared.TryGetValue(name, out var parameter))
            {
                errors.Add(path, $"'{name}' is not a parameter of this template (it takes: {takes}).");
            }
            else if (isSection && !parameter.Optional)
            {
                errors.Add(path, $"'{{{{#{name}}}}}' is a section, which is for an optional parameter: '{name}' always has a value, use {{{{{name}}}}}.");
            }
            else if (!isSection && parameter.Optional && !insideOwnSection)
            {
                errors.Add(path, $"'{name}' is optional: put {{{{{name}}}}} inside {{{{#{name}}}}}…{{{{/{name}}}}}, so the text reads well without it.");
            }
        }
    }

    [GeneratedRegex(KeyPattern)]
    private static partial Regex Key();
}
