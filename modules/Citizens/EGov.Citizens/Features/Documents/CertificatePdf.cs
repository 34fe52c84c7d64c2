using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.WPFonts;
using QRCoder;

namespace EGov.Citizens.Features.Documents;

/// <summary>What the PDF of a document shows.</summary>
internal sealed record CertificateContent(
    string Type,
    string ServiceTitle,
    string Reference,
    string Issuer,
    string Holder,
    DateTimeOffset IssuedAt,
    string VerificationCode,
    string VerificationUrl,
    string KeyId);

/// <summary>
/// Renders an issued document as a one-page A4 PDF with a QR code of its verification URL. Fonts are the ones
/// shipped inside PDFsharp (no system fonts needed, identical output on every host).
/// </summary>
internal static class CertificatePdf
{
    private const string Family = "EGovCertificate";
    private static readonly Lock FontsLock = new();

    public static byte[] Render(CertificateContent content)
    {
        EnsureFonts();
        using var pdf = new PdfDocument();
        pdf.Info.Title = $"Certificate {content.Reference}";
        pdf.Info.Subject = content.VerificationUrl;
        pdf.Info.Author = content.Issuer;
        var page = pdf.AddPage();
        page.Size = PageSize.A4;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var heading = new XFont(Family, 22, XFontStyleEx.Bold);
            var label = new XFont(Family, 9, XFontStyleEx.Regular);
            var value = new XFont(Family, 12, XFontStyleEx.Bold);
            const double left = 56;
            var y = 72.0;
            gfx.DrawString(content.Issuer, label, XBrushes.DimGray, new XPoint(left, y));
            y += 34;
            gfx.DrawString("Certificate", heading, XBrushes.Black, new XPoint(left, y));
            y += 22;
            gfx.DrawString(content.ServiceTitle, value, XBrushes.Black, new XPoint(left, y));
            y += 36;
            foreach (var (name, text) in new[]
            {
                ("Holder", content.Holder),
                ("Application", content.Reference),
                ("Document type", content.Type),
                ("Issued", content.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)),
                ("Verification code", content.VerificationCode),
                ("Signing key", content.KeyId),
            })
            {
                gfx.DrawString(name, label, XBrushes.DimGray, new XPoint(left, y));
                gfx.DrawString(text, value, XBrushes.Black, new XPoint(left, y + 15));
                y += 40;
            }

            y += 10;
            DrawQrCode(gfx, content.VerificationUrl, left, y, 160);
            gfx.DrawString("Check this document at", label, XBrushes.DimGray, new XPoint(left, y + 180));
            gfx.DrawString(content.VerificationUrl, label, XBrushes.Black, new XPoint(left, y + 193));
        }

        using var stream = new MemoryStream();
        pdf.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private static void DrawQrCode(XGraphics gfx, string text, double left, double top, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var cell = size / matrix.Count;
        for (var row = 0; row < matrix.Count; row++)
        {
            for (var column = 0; column < matrix[row].Count; column++)
            {
                if (matrix[row][column])
                {
                    gfx.DrawRectangle(XBrushes.Black, left + (column * cell), top + (row * cell), cell, cell);
                }
            }
        }
    }

    private static void EnsureFonts()
    {
        lock (FontsLock)
        {
            GlobalFontSettings.FontResolver ??= new EmbeddedFontResolver();
        }
    }

    /// <summary>Resolves every family to the Segoe WP faces embedded in PDFsharp.</summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "SegoeWP-Bold" : "SegoeWP");

        public byte[]? GetFont(string faceName) =>
            faceName == "SegoeWP-Bold" ? FontDataHelper.SegoeWPBold : FontDataHelper.SegoeWP;
    }
}
