using System.Text;

namespace EGov.Host.Tests.Hardening;

/// <summary>Requests that reach an operation without meaning anything: for the authorization matrix and route walks.</summary>
public static class ProbeRequests
{
    /// <summary>A request that reaches the operation's authorization: placeholders for its path, required query and headers, an empty body.</summary>
    public static HttpRequestMessage For(ApiOperation operation)
    {
        var url = new StringBuilder(operation.Path);
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            var uuid = parameter.Schema?["format"]?.GetValue<string>() == "uuid";
            url.Replace("{" + parameter.Name + "}", uuid ? Guid.NewGuid().ToString() : "probe");
        }

        var query = operation.Parameters.Where(p => p.In == "query" && p.Required).Select(p => $"{p.Name}=probe").ToList();
        if (query.Count > 0)
        {
            url.Append('?').AppendJoin('&', query);
        }

        var request = new HttpRequestMessage(new HttpMethod(operation.Method), url.ToString());
        foreach (var parameter in operation.Parameters.Where(p => p.In == "header"))
        {
            request.Headers.TryAddWithoutValidation(parameter.Name, Guid.NewGuid().ToString());
        }

        if (operation.Body is { } body)
        {
            request.Content = body.Content.ContainsKey("application/json")
                ? new StringContent("{}", Encoding.UTF8, "application/json")
                : new MultipartFormDataContent();
        }

        return request;
    }
}
