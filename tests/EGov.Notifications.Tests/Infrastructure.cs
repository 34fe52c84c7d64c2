using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EGov.Testing;

namespace EGov.Notifications.Tests;

internal static class Notify
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The settings of a platform whose senders use the SMTP server on <paramref name="smtpPort"/>, with short retries.</summary>
    public static Dictionary<string, string?> Settings(int smtpPort, IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Smtp:Security"] = "None",
            ["Notifications:PollIntervalMilliseconds"] = "100",
            ["Notifications:FirstRetryDelaySeconds"] = "1",
            ["Notifications:MaxRetryDelaySeconds"] = "2",
            ["Notifications:LeaseSeconds"] = "5",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notify/messages") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request, Ct);
    }

    public static async Task<Guid> SendOkAsync(HttpClient client, object body)
    {
        using var response = await SendAsync(client, body);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();

    public static async Task<JsonElement> MessageAsync(HttpClient client, Guid id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/notify/messages/{id}", Ct);

    public static async Task<string> StatusAsync(HttpClient client, Guid id) => (await MessageAsync(client, id)).GetProperty("status").GetString()!;

    public static async Task<bool> EventuallyStatusAsync(HttpClient client, Guid id, string status, TimeSpan? timeout = null) =>
        await Database.EventuallyAsync(async () => await StatusAsync(client, id) == status, timeout ?? TimeSpan.FromSeconds(20));

    public static Task<long> CountAsync(PlatformFactory platform, string sql, params (string Name, object Value)[] parameters) =>
        Database.CountAsync(platform.ConnectionString, sql, parameters);

    public static string Address(string prefix) => $"{prefix}-{Guid.NewGuid():N}@test.egov.example";

    public static object EmailTo(string to, string reference = "NCR-1", string templateKey = "application-approved", string? language = null) =>
        new { agencyCode = "NCR", templateKey, channel = "Email", to, language, values = new Dictionary<string, string> { ["reference"] = reference } };
}

/// <summary>
/// The smtp4dev server of the test run: the one ./test.sh started (<c>EGOV_TEST_SMTP_PORT</c>, <c>EGOV_TEST_SMTP_API</c>),
/// or one this fixture starts with scripts/smtp4dev.sh. Messages are read through smtp4dev's HTTP API.
/// </summary>
public sealed class SmtpServerFixture : IAsyncLifetime
{
    private string? _folder;

    public int SmtpPort { get; private set; }

    public Uri Api { get; private set; } = null!;

    private HttpClient Http { get; } = new();

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("EGOV_TEST_SMTP_PORT") is { Length: > 0 } port
            && Environment.GetEnvironmentVariable("EGOV_TEST_SMTP_API") is { Length: > 0 } api)
        {
            SmtpPort = int.Parse(port, System.Globalization.CultureInfo.InvariantCulture);
            Api = new Uri(api);
            return;
        }

        _folder = Directory.CreateTempSubdirectory("egov-smtp4dev-").FullName;
        SmtpPort = PlatformFactory.FreePort();
        var httpPort = PlatformFactory.FreePort();
        Api = new Uri($"http://127.0.0.1:{httpPort}");
        await RunScriptAsync($"smtp4dev_start '{_folder}' {SmtpPort} {httpPort}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            await RunScriptAsync($"smtp4dev_stop '{_folder}'");
        }

        Http.Dispose();
    }

    /// <summary>The messages smtp4dev received for <paramref name="recipient"/>, with their Message-Id, subject and text.</summary>
    public async Task<List<ReceivedMail>> ReceivedAsync(string recipient)
    {
        var list = await Http.GetFromJsonAsync<JsonElement>(new Uri(Api, "/api/messages?pageSize=100000"), Notify.Ct);
        var mails = new List<ReceivedMail>();
        foreach (var item in list.GetProperty("results").EnumerateArray()
                     .Where(m => m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetString(), recipient, StringComparison.OrdinalIgnoreCase))))
        {
            var id = item.GetProperty("id").GetString();
            var detail = await Http.GetFromJsonAsync<JsonElement>(new Uri(Api, $"/api/messages/{id}"), Notify.Ct);
            var messageId = detail.GetProperty("headers").EnumerateArray()
                .First(h => string.Equals(h.GetProperty("name").GetString(), "Message-Id", StringComparison.OrdinalIgnoreCase)).GetProperty("value").GetString()!;
            var text = await Http.GetStringAsync(new Uri(Api, $"/api/messages/{id}/plaintext"), Notify.Ct);
            mails.Add(new ReceivedMail(messageId, item.GetProperty("subject").GetString()!, text, item.GetProperty("receivedDate").GetDateTimeOffset()));
        }

        return mails;
    }

    private static async Task RunScriptAsync(string command)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "EGov.Platform.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("The repository root was not found.");
        }

        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", $"source scripts/smtp4dev.sh && {command}"])
        {
            WorkingDirectory = root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/smtp4dev.sh failed: {error}");
        }
    }
}

public sealed record ReceivedMail(string MessageId, string Subject, string Text, DateTimeOffset ReceivedAt);

/// <summary>
/// A tiny SMTP server for the failure cases: it answers 550 to recipients starting with <c>bounce</c>, 451 the first
/// <see cref="TemporaryRefusals"/> times to recipients starting with <c>busy</c>, and accepts everything else.
/// </summary>
public sealed class RefusingSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, int> _refused = new(StringComparer.OrdinalIgnoreCase);
    private readonly Task _loop;

    public RefusingSmtpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int TemporaryRefusals { get; init; } = 2;

    public List<string> Accepted { get; } = [];

    public int RefusalsOf(string recipient)
    {
        lock (_refused)
        {
            return _refused.GetValueOrDefault(recipient);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 refusing.test ESMTP");
        string? recipient = null;
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await writer.WriteLineAsync("250 refusing.test");
                        break;
                    case "RCPT":
                        recipient = line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)];
                        if (recipient.StartsWith("bounce", StringComparison.OrdinalIgnoreCase))
                        {
                            Count(recipient);
                            await writer.WriteLineAsync("550 5.1.1 No such mailbox");
                        }
                        else if (recipient.StartsWith("busy", StringComparison.OrdinalIgnoreCase) && Count(recipient) <= TemporaryRefusals)
                        {
                            await writer.WriteLineAsync("451 4.3.0 Try again later");
                        }
                        else
                        {
                            await writer.WriteLineAsync("250 OK");
                        }

                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 Go ahead");
                        while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                        {
                        }

                        lock (Accepted)
                        {
                            Accepted.Add(recipient!);
                        }

                        await writer.WriteLineAsync("250 Accepted");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 OK");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away.
        }
    }

    private int Count(string recipient)
    {
        lock (_refused)
        {
            _refused[recipient] = _refused.GetValueOrDefault(recipient) + 1;
            return _refused[recipient];
        }
    }
}

/// <summary>An agency's system receiving status callbacks: answers 500 to the first one, then 200; keeps what it got.</summary>
public sealed class CallbackReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _requests;

    public CallbackReceiver()
    {
        Port = PlatformFactory.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/notify-status";

    public List<(string Body, string? Signature)> Received { get; } = [];

    public int Requests => _requests;

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var first = Interlocked.Increment(ref _requests) == 1;
            if (!first)
            {
                lock (Received)
                {
                    Received.Add((body, context.Request.Headers["X-EGov-Signature"]));
                }
            }

            context.Response.StatusCode = first ? 500 : 200;
            context.Response.Close();
        }
    }
}
