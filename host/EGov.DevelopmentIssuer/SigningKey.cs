using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace EGov.DevelopmentIssuer;

/// <summary>
/// The development issuer's RSA signing key. It lives in a PEM file so tokens and the key id survive restarts;
/// the file is created with owner-only permissions when missing. The key id is the key's RFC 7638 thumbprint.
/// </summary>
internal sealed class SigningKey : IDisposable
{
    private const int KeySizeBits = 2048;

    private readonly RSA rsa;
    private readonly Lock signing = new();

    private SigningKey(RSA rsa, string path, bool created)
    {
        this.rsa = rsa;
        Path = path;
        Created = created;
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        Modulus = Base64Url.EncodeToString(parameters.Modulus);
        Exponent = Base64Url.EncodeToString(parameters.Exponent);
        KeyId = Thumbprint(Modulus, Exponent);
    }

    public string KeyId { get; }

    public string Path { get; }

    /// <summary>True when this process generated the key file (and won the race to store it).</summary>
    public bool Created { get; }

    private string Modulus { get; }

    private string Exponent { get; }

    /// <summary>Loads the key from <paramref name="path"/>, or generates and stores one when the file is missing.</summary>
    public static SigningKey LoadOrCreate(string path)
    {
        var created = !File.Exists(path) && TryCreate(path);

        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Error($"DevelopmentIssuer:KeyFile {path} cannot be read ({ex.GetType().Name}); fix its permissions or point the setting elsewhere.");
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw Error($"DevelopmentIssuer:KeyFile {path} holds no RSA private key in PEM form; delete it to have a new key generated.");
        }

        if (rsa.KeySize < KeySizeBits)
        {
            var size = rsa.KeySize;
            rsa.Dispose();
            throw Error($"DevelopmentIssuer:KeyFile {path} holds a {size}-bit RSA key; at least {KeySizeBits} bits are required.");
        }

        return new SigningKey(rsa, path, created);
    }

    /// <summary>
    /// Writes a fresh key next to its final place and moves it there without overwriting, so two processes
    /// starting together end up with the same key (whoever moves first wins, the other reads that file).
    /// </summary>
    private static bool TryCreate(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(path)!;
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            using (var rsa = RSA.Create(KeySizeBits))
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(temporary, options);
                stream.Write(Encoding.ASCII.GetBytes(rsa.ExportPkcs8PrivateKeyPem()));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process stored its key first: use that one.
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Error($"DevelopmentIssuer:KeyFile {path} cannot be created ({ex.GetType().Name}); make its folder writable or point the setting elsewhere.");
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>RS256 signature over <paramref name="signingInput"/> (the JWS header and payload, base64url, joined by a dot).</summary>
    public byte[] Sign(byte[] signingInput)
    {
        lock (signing)
        {
            return rsa.SignData(signingInput, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
    }

    /// <summary>Whether <paramref name="signature"/> is this key's RS256 signature over <paramref name="signingInput"/>.</summary>
    public bool Verify(byte[] signingInput, byte[] signature)
    {
        lock (signing)
        {
            return rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
    }

    /// <summary>The public key as a JWK, as Keycloak's certs endpoint lists it.</summary>
    public JsonObject ToJwk() => new()
    {
        ["kid"] = KeyId,
        ["kty"] = "RSA",
        ["alg"] = "RS256",
        ["use"] = "sig",
        ["n"] = Modulus,
        ["e"] = Exponent,
    };

    public void Dispose() => rsa.Dispose();

    private static string Thumbprint(string modulus, string exponent)
    {
        // RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace.
        var canonical = $"{{\"e\":\"{exponent}\",\"kty\":\"RSA\",\"n\":\"{modulus}\"}}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static OptionsValidationException Error(string message) =>
        new(DevelopmentIssuerSettings.Section, typeof(DevelopmentIssuerSettings), [message]);
}
