using System.Text.Json;
using System.Text.RegularExpressions;

namespace EGov.Agencies.Domain.Exchange;

/// <summary>Who answers a data service's calls.</summary>
internal enum ServiceAnswerer
{
    /// <summary>A platform module, through its contract (an <c>IDataServiceAnswer</c> registered in G2G).</summary>
    Module,

    /// <summary>The providing agency's own system, at a registered endpoint.</summary>
    AgencySystem,
}

/// <summary>Whose data a call reads: the data subject named by the call's subject parameter.</summary>
internal enum DataSubjectKind
{
    None,
    Person,
    Business,
}

/// <summary>The HTTP method an operation is called with through the exchange.</summary>
internal enum OperationMethod
{
    Get,
    Post,
}

internal enum DataServiceStatus
{
    Active,
    Withdrawn,
}

/// <summary>One operation of a data service.</summary>
internal sealed record ServiceOperation(string Name, OperationMethod Method);

/// <summary>What a providing agency states about a data service; validated by the feature, applied as a whole.</summary>
internal sealed record DataServiceDetails(
    string Name,
    string Description,
    string OpenApi,
    IReadOnlyList<string> PersonalData,
    IReadOnlyList<string> LegalBases,
    IReadOnlyList<ServiceOperation> Operations,
    DataSubjectKind SubjectKind,
    string? SubjectParameter,
    ServiceAnswerer AnsweredBy,
    string? ModuleAnswer,
    Uri? Endpoint,
    bool LogBodies);

/// <summary>
/// A data service in the directory: published by its providing agency, answered by a platform module or by the
/// agency's own system. Consumers reach it only through an access right the provider granted.
/// </summary>
internal sealed partial class DataService
{
    public const int MaxCodeLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxOpenApiLength = 256 * 1024;
    public const int MaxListItems = 32;
    public const int MaxItemLength = 200;
    public const int MaxEndpointLength = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private List<ServiceOperation>? _operations;

    private DataService()
    {
    }

    public Guid Id { get; private set; }

    public string ProviderCode { get; private set; } = string.Empty;

    public string Code { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public string Description { get; private set; } = string.Empty;

    /// <summary>The service's OpenAPI description (JSON), stored as the provider published it.</summary>
    public string OpenApi { get; private set; } = "{}";

    public List<string> PersonalData { get; private set; } = [];

    public List<string> LegalBases { get; private set; } = [];

    /// <summary>The operations as JSON (the column); read them through <see cref="Operations"/>.</summary>
    public string OperationsJson { get; private set; } = "[]";

    public IReadOnlyList<ServiceOperation> Operations => _operations ??= JsonSerializer.Deserialize<List<ServiceOperation>>(OperationsJson, Json) ?? [];

    public DataSubjectKind SubjectKind { get; private set; }

    /// <summary>The query parameter (GET) or top-level body property (POST) that names the data subject.</summary>
    public string? SubjectParameter { get; private set; }

    public ServiceAnswerer AnsweredBy { get; private set; }

    /// <summary>For module-answered services: the key of the registered answer (e.g. <c>g2c.person-basic-record</c>).</summary>
    public string? ModuleAnswer { get; private set; }

    /// <summary>For agency systems: the base address operations are forwarded to (<c>{endpoint}/{operation}</c>).</summary>
    public string? Endpoint { get; private set; }

    /// <summary>Whether the message log keeps request and response bodies (off: it keeps their SHA-512 only).</summary>
    public bool LogBodies { get; private set; }

    public DataServiceStatus Status { get; private set; }

    public long Version { get; private set; }

    public DateTimeOffset PublishedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static DataService Publish(Guid id, string providerCode, string code, DataServiceDetails details, DateTimeOffset now)
    {
        var service = new DataService
        {
            Id = id,
            ProviderCode = providerCode,
            Code = code,
            Status = DataServiceStatus.Active,
            Version = 1,
            PublishedAt = now,
        };
        service.Apply(details, now);
        return service;
    }

    /// <summary>Replaces what the provider states about the service; the version grows.</summary>
    public void Update(DataServiceDetails details, DateTimeOffset now)
    {
        Apply(details, now);
        Version++;
    }

    /// <summary>Takes the service out of the exchange (calls are refused); it stays in the directory and the log.</summary>
    public bool Withdraw(DateTimeOffset now)
    {
        if (Status == DataServiceStatus.Withdrawn)
        {
            return false;
        }

        Status = DataServiceStatus.Withdrawn;
        Version++;
        UpdatedAt = now;
        return true;
    }

    /// <summary>
    /// The operation a call means: the one named, when the service has it for <paramref name="method"/>; without a
    /// name, the service's only operation for that method.
    /// </summary>
    public ServiceOperation? Resolve(string? name, OperationMethod method)
    {
        var candidates = Operations.Where(o => o.Method == method).ToList();
        if (string.IsNullOrEmpty(name))
        {
            return candidates.Count == 1 ? candidates[0] : null;
        }

        return candidates.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal));
    }

    private void Apply(DataServiceDetails details, DateTimeOffset now)
    {
        Name = details.Name;
        Description = details.Description;
        OpenApi = details.OpenApi;
        PersonalData = [.. details.PersonalData];
        LegalBases = [.. details.LegalBases];
        OperationsJson = JsonSerializer.Serialize(details.Operations, Json);
        _operations = null;
        SubjectKind = details.SubjectKind;
        SubjectParameter = details.SubjectKind == DataSubjectKind.None ? null : details.SubjectParameter;
        AnsweredBy = details.AnsweredBy;
        ModuleAnswer = details.AnsweredBy == ServiceAnswerer.Module ? details.ModuleAnswer : null;
        Endpoint = details.AnsweredBy == ServiceAnswerer.AgencySystem ? details.Endpoint?.ToString() : null;
        LogBodies = details.LogBodies;
        UpdatedAt = now;
    }

    public static bool IsValidCode(string code) => CodePattern().IsMatch(code);

    public static bool IsValidOperationName(string name) => OperationPattern().IsMatch(name);

    [GeneratedRegex("^[a-z][a-z0-9-]{1,63}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex OperationPattern();
}
