using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace EGov.DevelopmentIssuer;

/// <summary>The development issuer's HTTP endpoints, at Keycloak's paths; anonymous and left out of OpenAPI.</summary>
internal static class IssuerEndpoints
{
    private const string Json = "application/json";

    public static void Map(IEndpointRouteBuilder endpoints, TokenIssuer issuer)
    {
        var realm = endpoints.MapGroup(issuer.RealmPath).AllowAnonymous().ExcludeFromDescription();

        realm.MapGet(issuer.DiscoveryPath[issuer.RealmPath.Length..], () => Results.Text(issuer.DiscoveryJson, Json, Encoding.UTF8));
        realm.MapGet(issuer.CertsPath[issuer.RealmPath.Length..], () => Results.Text(issuer.JwksJson, Json, Encoding.UTF8));
        realm.MapPost(issuer.TokenPath[issuer.RealmPath.Length..], (HttpContext http) => TokenAsync(http, issuer)).DisableAntiforgery();
        BrowserEndpoints.Map(endpoints, issuer);
    }

    private static async Task TokenAsync(HttpContext http, TokenIssuer issuer)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";

        var (request, problem) = await ReadRequestAsync(http);
        var response = request is not null
            ? issuer.HandleTokenRequest(request)
            : TokenResponse.Error(400, OAuthErrors.InvalidRequest, problem!);

        if (response.ChallengeBasic)
        {
            http.Response.Headers.WWWAuthenticate = $"Basic realm=\"{issuer.RealmName}\"";
        }

        http.Response.StatusCode = response.StatusCode;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(response.Body.ToJsonString(), Encoding.UTF8, http.RequestAborted);
    }

    private static async Task<(TokenRequest? Request, string? Problem)> ReadRequestAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            return (null, "The token request must be sent as application/x-www-form-urlencoded");
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return (null, "The token request form could not be read");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in form)
        {
            // RFC 6749 §3.2: request parameters must not be included more than once.
            if (values.Count > 1)
            {
                return (null, $"Duplicated parameter: {name}");
            }

            fields[name] = values.ToString();
        }

        BasicCredentials? basic = null;
        var authorization = http.Request.Headers.Authorization;
        if (!StringValues.IsNullOrEmpty(authorization))
        {
            basic = ParseBasic(authorization.ToString());
            if (basic is null)
            {
                return (null, "The Authorization header is not valid HTTP Basic client authentication");
            }
        }

        return (new TokenRequest(fields, basic, http.Connection.RemoteIpAddress?.ToString()), null);
    }

    /// <summary>Decodes <c>Basic base64(urlencode(id):urlencode(secret))</c>, as RFC 6749 §2.3.1 and Keycloak do.</summary>
    private static BasicCredentials? ParseBasic(string header)
    {
        const string scheme = "Basic ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[scheme.Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        return new BasicCredentials(WebUtility.UrlDecode(decoded[..colon]), WebUtility.UrlDecode(decoded[(colon + 1)..]));
    }

}
