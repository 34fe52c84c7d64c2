using System.Text.Json;
using EGov.Agencies.Domain.Exchange;
using EGov.Agencies.Features.Exchange;
using EGov.Citizens.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Agencies.Integration.Answers;

/// <summary>
/// The person basic record from G2C (<see cref="ICitizenDirectory"/>): names, preferred language and when the
/// person first used the platform. Without G2C in the deployment, calls fail with a clear problem.
/// </summary>
internal sealed class PersonBasicRecordAnswer(IServiceProvider services) : IDataServiceAnswer
{
    public const string AnswerKey = "g2c.person-basic-record";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Key => AnswerKey;

    public DataSubjectKind SubjectKind => DataSubjectKind.Person;

    public async Task<DataAnswer> AnswerAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        if (services.GetService<ICitizenDirectory>() is not { } citizens)
        {
            return DataAnswer.Failed("The citizen registry (G2C) is not part of this deployment.");
        }

        var record = await citizens.FindByNationalIdAsync(call.SubjectId!, cancellationToken);
        return record is null
            ? DataAnswer.NotFound("The registry has no person with this national id.")
            : DataAnswer.Found(JsonSerializer.SerializeToUtf8Bytes(
                new { nationalId = call.SubjectId, record.GivenName, record.FamilyName, record.Language, record.RegisteredAt }, Json));
    }
}
