using System.Net;
using System.Text;

namespace EGov.DevelopmentIssuer;

/// <summary>
/// The JwtBearer backchannel while the development issuer runs: the normal OIDC configuration manager fetches the
/// discovery document and the JWKS through it, and it answers both from the issuer in memory, without a socket.
/// That keeps key rotation, caching and issuer checks on the same code path as with Keycloak, also in-process tests.
/// </summary>
internal sealed class IssuerMetadataHandler(TokenIssuer issuer) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Method == HttpMethod.Get && request.RequestUri is { } uri ? issuer.MetadataFor(uri.AbsolutePath) : null;
        var response = body is null
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                Content = new StringContent("The development issuer answers only its discovery document and JWKS here.", Encoding.UTF8, "text/plain"),
            }
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        response.RequestMessage = request;
        return Task.FromResult(response);
    }
}
