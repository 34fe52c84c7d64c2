using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using EGov.Bench.Baseline;
using EGov.Host.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using StackExchange.Redis;

// The platform's session contract (GET /api/g2c/session, PUT|GET|DELETE /api/g2c/session/drafts/{serviceCode}) with the
// platform's JWT validation, stored in Redis (Bench:Store=redis) or PostgreSQL through EF Core (Bench:Store=postgres).
// The business session too (GET /api/g2b/businesses/{number}/session, PUT /api/g2b/businesses/{number}/session/drafts/{kind}),
// keyed by representative and business, with the power to act checked in the same store on every request, as the platform
// checks the register on every session start and every write (Bench:Powers: a file of "subject number" lines).
// Only for bench/run.sh: the figures the session grains are compared with.
var builder = WebApplication.CreateBuilder(args);
var store = builder.Configuration["Bench:Store"] ?? throw new InvalidOperationException("Bench:Store is redis or postgres");
var authority = builder.Configuration["Bench:Authority"] ?? throw new InvalidOperationException("Bench:Authority is the issuer URL");
var audience = builder.Configuration["Bench:Audience"] ?? "egov-api";

builder.Services.AddSingleton(TimeProvider.System);
switch (store)
{
    case "redis":
        builder.Services.AddSingleton<IConnectionMultiplexer>(
            ConnectionMultiplexer.Connect(builder.Configuration.GetConnectionString("Redis") ?? throw new InvalidOperationException("ConnectionStrings:Redis")));
        builder.Services.AddSingleton<ISessionStore, RedisSessionStore>();
        builder.Services.AddSingleton<IPowerStore, RedisPowerStore>();
        break;
    case "postgres":
        builder.Services.AddDbContextPool<SessionDb>(o => o.UseNpgsql(
            builder.Configuration.GetConnectionString("Postgres") ?? throw new InvalidOperationException("ConnectionStrings:Postgres")));
        builder.Services.AddScoped<ISessionStore, PostgresSessionStore>();
        builder.Services.AddScoped<IPowerStore, PostgresPowerStore>();
        break;
    default:
        throw new InvalidOperationException($"Bench:Store '{store}' is neither redis nor postgres");
}

// The platform's JwtBearer setup (host/EGov.Host/Identity/PlatformIdentity.cs): Keycloak authority and discovery,
// RS256 only, issuer, audience and lifetime checked, typ=Bearer only, Keycloak roles flattened into "role" claims,
// and the platform's validated-token cache with its default size and age (the same source file, linked).
var tokenCache = new ValidatedTokenCache(50_000, TimeSpan.FromSeconds(300), TimeProvider.System);
builder.Services.AddSingleton(tokenCache);
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
{
    options.Authority = authority;
    options.Audience = audience;
    options.RequireHttpsMetadata = false;
    options.MapInboundClaims = false;
    options.SaveToken = false;
    options.TokenValidationParameters = new TokenValidationParameters
    {
        ValidIssuer = authority,
        ValidAudience = audience,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = "preferred_username",
        RoleClaimType = "role",
    };
    options.Events = new JwtBearerEvents
    {
        OnTokenValidated = context =>
        {
            if (context.Principal?.FindFirst("typ")?.Value is { } typ && !string.Equals(typ, "Bearer", StringComparison.OrdinalIgnoreCase))
            {
                context.Fail($"A token of type '{typ}' is not an access token.");
                return Task.CompletedTask;
            }

            if (context.Principal?.Identity is ClaimsIdentity identity)
            {
                Roles.Flatten(identity, audience);
            }

            return Task.CompletedTask;
        },
    };
    tokenCache.Attach(options.Events);
});
builder.Services.AddAuthorization();

var app = builder.Build();
if (store == "postgres")
{
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<SessionDb>().Database.ExecuteSqlRawAsync(PostgresSessionStore.Schema);
}

if (builder.Configuration["Bench:Powers"] is { Length: > 0 } powersFile)
{
    await using var scope = app.Services.CreateAsyncScope();
    var powers = File.ReadLines(powersFile)
        .Select(line => line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries))
        .Where(parts => parts.Length == 2)
        .Select(parts => (parts[0], parts[1]))
        .ToList();
    await scope.ServiceProvider.GetRequiredService<IPowerStore>().GrantAsync(powers);
}

app.UseAuthentication();
app.UseAuthorization();

var session = app.MapGroup("/api/g2c/session").RequireAuthorization(policy => policy.RequireRole("citizen"));
session.MapGet("/", (ClaimsPrincipal user, ISessionStore sessions) => Contract.GetSessionAsync(Contract.Subject(user), sessions));
session.MapPut("/drafts/{serviceCode}", (string serviceCode, SaveDraftRequest request, ClaimsPrincipal user, ISessionStore sessions) =>
    Contract.SaveDraftAsync(Contract.Subject(user), serviceCode, request, sessions));
session.MapGet("/drafts/{serviceCode}", async (string serviceCode, ClaimsPrincipal user, ISessionStore sessions) =>
    await sessions.GetDraftAsync(Contract.Subject(user), serviceCode) is { } draft
        ? Results.Ok(draft)
        : Results.Problem(statusCode: 404, title: "Not Found", detail: $"You have no draft for service '{serviceCode}'."));
session.MapDelete("/drafts/{serviceCode}", async (string serviceCode, ClaimsPrincipal user, ISessionStore sessions) =>
    await sessions.DeleteDraftAsync(Contract.Subject(user), serviceCode)
        ? Results.NoContent()
        : Results.Problem(statusCode: 404, title: "Not Found", detail: $"You have no draft for service '{serviceCode}'."));

// The business session: the platform's routes and answers (modules/Businesses/EGov.Businesses/Features/Representation/SessionEndpoints.cs),
// 404 without the power to act, the power looked up on every request.
var business = app.MapGroup("/api/g2b/businesses/{number}/session").RequireAuthorization(policy => policy.RequireRole("citizen", "business-representative"));
business.MapGet("/", async (string number, ClaimsPrincipal user, IPowerStore powers, ISessionStore sessions) =>
    await powers.HoldsAsync(Contract.Subject(user), number)
        ? await Contract.GetSessionAsync(Contract.BusinessKey(user, number), sessions)
        : Contract.NoBusiness(number));
business.MapPut("/drafts/{kind}", async (string number, string kind, JsonElement filing, ClaimsPrincipal user, IPowerStore powers, ISessionStore sessions) =>
    await powers.HoldsAsync(Contract.Subject(user), number)
        ? await Contract.SaveFilingDraftAsync(Contract.BusinessKey(user, number), kind, filing, sessions)
        : Contract.NoBusiness(number));

// The same read without authentication, keyed by the subject in the path: the authenticated / anonymous ratio.
app.MapGet("/anon/g2c/session/{subject}", (string subject, ISessionStore sessions) => Contract.GetSessionAsync(subject, sessions));

await app.RunAsync();

namespace EGov.Bench.Baseline
{
    internal sealed record SaveDraftRequest(Dictionary<string, JsonElement>? Fields);

    internal sealed record SessionResponse(DateTimeOffset? LastActivity, int UnreadCount, IReadOnlyList<DraftSummaryResponse> Drafts);

    internal sealed record DraftSummaryResponse(string ServiceCode, int FieldCount, DateTimeOffset SavedAt);

    internal sealed record DraftResponse(string ServiceCode, IReadOnlyDictionary<string, JsonElement> Fields, DateTimeOffset CreatedAt, DateTimeOffset SavedAt);

    internal interface ISessionStore
    {
        Task<SessionResponse> GetSessionAsync(string subject);

        /// <summary>Merges the fields (raw JSON values) into the draft atomically and durably as the store allows.</summary>
        Task<DraftResponse> SaveDraftAsync(string subject, string serviceCode, IReadOnlyDictionary<string, string> fields);

        Task<DraftResponse?> GetDraftAsync(string subject, string serviceCode);

        Task<bool> DeleteDraftAsync(string subject, string serviceCode);
    }

    /// <summary>Who may act for which business: the baselines' stand-in for the register's officers and mandates.</summary>
    internal interface IPowerStore
    {
        Task GrantAsync(IReadOnlyList<(string Subject, string Number)> powers);

        Task<bool> HoldsAsync(string subject, string number);
    }

    /// <summary>The platform's validation rules and answers (modules/Citizens/EGov.Citizens/Features/Session/SessionEndpoints.cs).</summary>
    internal static partial class Contract
    {
        public const int MaxFields = 200;
        public const int MaxValueLength = 10_000;

        public static string Subject(ClaimsPrincipal user) =>
            user.FindFirst("sub")?.Value ?? throw new InvalidOperationException("An authenticated citizen has a subject.");

        public static readonly string[] FilingKinds =
            ["ChangeOfAddress", "Appointment", "Cessation", "OwnerNotified", "OwnerCeased", "NameChange", "AnnualConfirmation", "Correction"];

        /// <summary>A business session is keyed by representative and business, as the platform's grain is.</summary>
        public static string BusinessKey(ClaimsPrincipal user, string number) => Subject(user) + "@" + number;

        public static IResult NoBusiness(string number) =>
            Results.Problem(statusCode: 404, title: "Not Found", detail: $"No business '{number}' that you may act for.");

        /// <summary>A draft filing: the members of the filing object, merged into the draft of that kind.</summary>
        public static async Task<IResult> SaveFilingDraftAsync(string key, string kind, JsonElement filing, ISessionStore sessions)
        {
            if (!FilingKinds.Contains(kind, StringComparer.Ordinal))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = [$"'{kind}' is not a filing kind."] });
            }

            if (filing.ValueKind != JsonValueKind.Object)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A draft filing is a JSON object."] });
            }

            var fields = filing.EnumerateObject().Where(p => p.Name != "kind")
                .ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
            return Results.Ok(await sessions.SaveDraftAsync(key, kind.ToLowerInvariant(), fields));
        }

        public static async Task<IResult> GetSessionAsync(string subject, ISessionStore sessions) =>
            Results.Ok(await sessions.GetSessionAsync(subject));

        public static async Task<IResult> SaveDraftAsync(string subject, string serviceCode, SaveDraftRequest request, ISessionStore sessions)
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (!ServiceCodePattern().IsMatch(serviceCode))
            {
                errors["serviceCode"] = ["A service code is 2 to 64 lower-case letters, digits or hyphens."];
            }

            if (request.Fields is null)
            {
                errors["fields"] = ["'fields' is required: an object of field name to value."];
            }
            else if (request.Fields.Count > MaxFields)
            {
                errors["fields"] = [$"A draft has at most {MaxFields} fields."];
            }
            else
            {
                foreach (var (name, value) in request.Fields)
                {
                    if (!FieldNamePattern().IsMatch(name))
                    {
                        errors[$"fields.{name}"] = ["A field name is a letter followed by up to 63 letters, digits or '_'."];
                    }
                    else if (value.GetRawText().Length > MaxValueLength)
                    {
                        errors[$"fields.{name}"] = [$"A field value is at most {MaxValueLength} characters of JSON."];
                    }
                }
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var fields = request.Fields!.ToDictionary(f => f.Key, f => f.Value.GetRawText(), StringComparer.Ordinal);
            return Results.Ok(await sessions.SaveDraftAsync(subject, serviceCode, fields));
        }

        public static Dictionary<string, JsonElement> Parse(IEnumerable<KeyValuePair<string, string>> fields) =>
            fields.ToDictionary(f => f.Key, f => JsonDocument.Parse(f.Value).RootElement.Clone(), StringComparer.Ordinal);

        [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
        private static partial Regex ServiceCodePattern();

        [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
        private static partial Regex FieldNamePattern();
    }

    /// <summary>Keycloak's realm and API-client roles as one <c>role</c> claim each (host/EGov.Host/Identity/KeycloakRoles.cs).</summary>
    internal static class Roles
    {
        public static void Flatten(ClaimsIdentity identity, string audience)
        {
            var roles = new List<string>();
            foreach (var claim in identity.FindAll("realm_access").ToList())
            {
                roles.AddRange(RolesOf(claim.Value, []));
            }

            foreach (var claim in identity.FindAll("resource_access").ToList())
            {
                roles.AddRange(RolesOf(claim.Value, [audience]));
            }

            foreach (var role in roles.Distinct(StringComparer.Ordinal))
            {
                if (!identity.HasClaim("role", role))
                {
                    identity.AddClaim(new Claim("role", role, ClaimValueTypes.String, identity.FindFirst("iss")?.Value ?? ClaimsIdentity.DefaultIssuer));
                }
            }
        }

        private static List<string> RolesOf(string json, string[] path)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                var node = document.RootElement;
                foreach (var segment in path)
                {
                    if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(segment, out node))
                    {
                        return [];
                    }
                }

                if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty("roles", out var roles) || roles.ValueKind != JsonValueKind.Array)
                {
                    return [];
                }

                return roles.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).Where(r => r.Length > 0).ToList();
            }
            catch (JsonException)
            {
                return [];
            }
        }
    }
}
