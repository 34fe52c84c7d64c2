using System.Text;
using System.Text.Json;
using EGov.Agencies.Domain.Exchange;
using EGov.Agencies.Features.Directory;
using EGov.Agencies.Features.Exchange;
using EGov.Agencies.Features.MessageLog;
using EGov.Agencies.Persistence;
using EGov.SharedKernel.Auditing;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EGov.Agencies.Integration;

internal sealed class ExchangeSeedOptions
{
    public const string Section = "Agencies";

    /// <summary>Seed the demo data services, rights and message log entries. Default: on in Development only.</summary>
    public bool? SeedDemoExchange { get; set; }
}

/// <summary>
/// Development data of the exchange, from <c>Persistence/Seed/exchange-demo.json</c>: the person basic record (answered by
/// G2C) and an agency-system service, granted, refused and requested rights, and message log entries written through
/// the log writer (so they are chained and signed like any other). Once: nothing is seeded when the first service exists.
/// </summary>
internal sealed class ExchangeDemoSeeder(
    AgenciesDb db, NpgsqlDataSource dataSource, DataServiceAnswers answers, IOptions<ExchangeSeedOptions> options, TimeProvider clock) : IModuleSeeder
{
    private const string Resource = "EGov.Agencies.Persistence.Seed.exchange-demo.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "g2g demo exchange";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SeedDemoExchange != true)
        {
            return;
        }

        await DemoAgencySeeder.StageMissingAsync(db, clock, cancellationToken);
        var demo = Read();
        var now = clock.GetUtcNow();
        var seeder = Actor.System("demo-seed");
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Database.LockForSeedingAsync("g2g-exchange-demo", cancellationToken);
            var first = demo.Services[0];
            if (await db.DataServices.AnyAsync(s => s.ProviderCode == first.ProviderCode && s.Code == first.Code, cancellationToken))
            {
                return;
            }

            var published = new Dictionary<string, DataService>(StringComparer.Ordinal);
            foreach (var body in demo.Services)
            {
                var errors = new ValidationErrors();
                var details = DataServiceInput.Validate(body, answers, new ExchangeOptions(), errors)
                    ?? throw new InvalidOperationException($"Demo service {body.Code} is not valid: {string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value))}");
                var service = DataService.Publish(Guid.CreateVersion7(now), body.ProviderCode!, body.Code!, details, now);
                db.DataServices.Add(service);
                db.Audit(seeder, "data-service.published", "data-service", $"{service.ProviderCode}/{service.Code}", onBehalfOf: service.ProviderCode);
                published[$"{service.ProviderCode}/{service.Code}"] = service;
            }

            foreach (var r in demo.Rights)
            {
                var service = published[$"{r.Provider}/{r.Service}"];
                var right = AccessRight.Request(Guid.CreateVersion7(now), service, r.Consumer, r.Purpose, r.LegalBasis, service.Operations.Select(o => o.Name).ToList(), "demo-seed", now);
                var refusal = r.Status switch
                {
                    nameof(AccessRightStatus.Granted) => right.Approve(null, "demo-seed", now),
                    nameof(AccessRightStatus.Refused) => right.Refuse(r.Reason ?? "Refused.", "demo-seed", now),
                    _ => RightChangeRefusal.None,
                };
                if (refusal != RightChangeRefusal.None)
                {
                    throw new InvalidOperationException($"Demo right {r.Consumer} → {r.Provider}/{r.Service}: {refusal}.");
                }

                db.AccessRights.Add(right);
                db.Audit(seeder, $"access-right.{right.Status.ToString().ToLowerInvariant()}", "access-right", right.Id.ToString(), onBehalfOf: right.ProviderCode);
            }

            var records = demo.Exchanges.Select((x, i) =>
            {
                var messageId = $"demo-{i + 1:000}";
                db.UsedMessageIds.Add(new UsedMessageId { ConsumerCode = x.Consumer, MessageId = messageId, UsedAt = now });
                var legalBasis = demo.Rights.FirstOrDefault(r => r.Consumer == x.Consumer && r.Provider == x.Provider && r.Service == x.Service && r.Status == nameof(AccessRightStatus.Granted))?.LegalBasis;
                var request = $"GET /api/g2g/exchange/{x.Provider}/{x.Service}?nationalId={x.Subject}\n";
                return new LogRecord(
                    now.AddMinutes(i - demo.Exchanges.Count), x.Consumer, x.Consumer, x.Provider, x.Service, x.Operation, x.Purpose,
                    x.Status == 200 ? legalBasis : null, x.Issue, x.EndUser, DataSubjectKind.Person, x.Subject, messageId,
                    LogChain.Sha512(Encoding.UTF8.GetBytes(request)), x.Status == 200 ? LogChain.Sha512(Encoding.UTF8.GetBytes($"{{\"nationalId\":\"{x.Subject}\"}}")) : null,
                    x.Status, Enum.Parse<ExchangeOutcome>(x.Outcome), x.DurationMicros, null, null) with { At = LogChain.Truncate(now.AddMinutes(i - demo.Exchanges.Count)) };
            }).ToList();

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await MessageLogWriter.WriteAsync(dataSource, records, cancellationToken);
        }
    }

    private static DemoExchange Read()
    {
        using var stream = typeof(ExchangeDemoSeeder).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The resource {Resource} is missing.");
        return JsonSerializer.Deserialize<DemoExchange>(stream, Json) ?? throw new InvalidOperationException($"{Resource} is empty.");
    }

    private sealed record DemoExchange(List<DataServiceBody> Services, List<DemoRight> Rights, List<DemoCall> Exchanges);

    private sealed record DemoRight(string Consumer, string Provider, string Service, string Purpose, string LegalBasis, string Status, string? Reason);

    private sealed record DemoCall(
        string Consumer, string Provider, string Service, string Operation, string Purpose, string? Issue, string EndUser, string Subject, string Outcome, int Status, long DurationMicros);
}
