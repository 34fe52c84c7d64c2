using System.Security.Cryptography;
using System.Text;

namespace EGov.Clients.Tests;

/// <summary>What the journeys of every generated client share: who acts, what is attached, what must hold.</summary>
internal static class Journey
{
    public const string Citizen = "citizen.anna";

    /// <summary>A caseworker of agency CCM, which works the parking permit.</summary>
    public const string Caseworker = "caseworker.eva";

    public const string Service = "parking-permit";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A small but well-formed one-page PDF, as a citizen would scan a vehicle registration.</summary>
    public static byte[] RegistrationPdf(string plate)
    {
        var text = $"Vehicle registration {plate}";
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            $"<< /Length {text.Length + 24} >>\nstream\nBT /F1 12 Tf 72 720 Td ({text}) Tj ET\nendstream",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, Ct);
        return buffer.ToArray();
    }

    public static void AssertPdf(byte[] content) =>
        Assert.True(content.Length > 5 && Encoding.ASCII.GetString(content, 0, 5) == "%PDF-", "not a PDF");
}
