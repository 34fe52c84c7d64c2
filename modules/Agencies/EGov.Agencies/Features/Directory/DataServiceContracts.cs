using System.Text.Json;
using EGov.Agencies.Domain.Exchange;

namespace EGov.Agencies.Features.Directory;

/// <summary>An operation as published: a name (lower-case letters, digits, '-') and its method, <c>Get</c> or <c>Post</c>.</summary>
internal sealed record OperationBody(string? Name, string? Method);

/// <summary>
/// Body of <c>POST /services</c> and <c>PUT /services/{provider}/{code}</c>. <c>answeredBy</c>: <c>AgencySystem</c>
/// (with <c>endpoint</c>) or <c>Module</c> (with <c>moduleAnswer</c>; platform administrators only).
/// <c>subjectKind</c>: <c>None</c>, <c>Person</c> or <c>Business</c>, with <c>subjectParameter</c> naming where calls carry it.
/// </summary>
internal sealed record DataServiceBody(
    string? Code,
    string? ProviderCode,
    string? Name,
    string? Description,
    JsonElement? OpenApi,
    IReadOnlyList<string>? PersonalData,
    IReadOnlyList<string>? LegalBases,
    IReadOnlyList<OperationBody>? Operations,
    string? SubjectKind,
    string? SubjectParameter,
    string? AnsweredBy,
    string? ModuleAnswer,
    string? Endpoint,
    bool? LogBodies);

internal sealed record DataServiceView(
    Guid Id,
    string ProviderCode,
    string Code,
    string Name,
    string Description,
    JsonElement OpenApi,
    IReadOnlyList<string> PersonalData,
    IReadOnlyList<string> LegalBases,
    IReadOnlyList<ServiceOperation> Operations,
    DataSubjectKind SubjectKind,
    string? SubjectParameter,
    ServiceAnswerer AnsweredBy,
    string? ModuleAnswer,
    string? Endpoint,
    bool LogBodies,
    DataServiceStatus Status,
    long Version,
    DateTimeOffset PublishedAt,
    DateTimeOffset UpdatedAt)
{
    public static DataServiceView From(DataService s)
    {
        using var openApi = JsonDocument.Parse(s.OpenApi);
        return new(
            s.Id, s.ProviderCode, s.Code, s.Name, s.Description, openApi.RootElement.Clone(), s.PersonalData, s.LegalBases, s.Operations, s.SubjectKind,
            s.SubjectParameter, s.AnsweredBy, s.ModuleAnswer, s.Endpoint, s.LogBodies, s.Status, s.Version, s.PublishedAt, s.UpdatedAt);
    }
}

/// <summary>A directory entry in a list: what a consumer needs to choose, without the OpenAPI description.</summary>
internal sealed record DataServiceSummary(
    string ProviderCode, string Code, string Name, IReadOnlyList<string> PersonalData, IReadOnlyList<string> LegalBases,
    IReadOnlyList<ServiceOperation> Operations, DataSubjectKind SubjectKind, ServiceAnswerer AnsweredBy, DataServiceStatus Status, long Version)
{
    public static DataServiceSummary From(DataService s) =>
        new(s.ProviderCode, s.Code, s.Name, s.PersonalData, s.LegalBases, s.Operations, s.SubjectKind, s.AnsweredBy, s.Status, s.Version);
}
