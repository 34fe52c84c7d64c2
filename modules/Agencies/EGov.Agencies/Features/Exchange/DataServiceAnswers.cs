using System.Text.Json;
using EGov.Agencies.Domain.Exchange;

namespace EGov.Agencies.Features.Exchange;

internal enum AnswerKind
{
    Found,
    NotFound,
    Failed,
    TimedOut,
}

/// <summary>A call as a provider sees it: the operation, the data subject, the query and the JSON body (POST).</summary>
internal sealed record ServiceCall(
    string Operation,
    OperationMethod Method,
    string? SubjectId,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    JsonElement? Body);

/// <summary>What a provider answered: JSON data, no record, or a failure (with a detail safe to show the consumer).</summary>
internal sealed record DataAnswer(AnswerKind Kind, byte[]? Json, string? Detail, int? ProviderStatus = null)
{
    public static DataAnswer Found(byte[] json) => new(AnswerKind.Found, json, null);

    public static DataAnswer NotFound(string detail) => new(AnswerKind.NotFound, null, detail);

    public static DataAnswer Failed(string detail, int? providerStatus = null) => new(AnswerKind.Failed, null, detail, providerStatus);
}

/// <summary>
/// A data service answered by a platform module: implemented inside G2G on top of the owning module's contract
/// (G2C's <c>ICitizenDirectory</c>, G2B's business registry contract, ...), registered once with
/// <c>AddDataServiceAnswer&lt;T&gt;()</c>. A service in the directory names it by <see cref="Key"/>.
/// </summary>
internal interface IDataServiceAnswer
{
    /// <summary>The answer's key, <c>{module}.{service}</c>, e.g. <c>g2c.person-basic-record</c>.</summary>
    string Key { get; }

    /// <summary>Whose data it reads; a service using this answer must name the same subject kind.</summary>
    DataSubjectKind SubjectKind { get; }

    Task<DataAnswer> AnswerAsync(ServiceCall call, CancellationToken cancellationToken);
}

/// <summary>The registered module answers, by key.</summary>
internal sealed class DataServiceAnswers(IEnumerable<IDataServiceAnswer> answers)
{
    private readonly Dictionary<string, IDataServiceAnswer> _byKey = answers.ToDictionary(a => a.Key, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Keys => _byKey.Keys;

    public IDataServiceAnswer? Find(string? key) => key is not null && _byKey.TryGetValue(key, out var answer) ? answer : null;
}
