using System.Globalization;
using EGov.Notifications.Domain;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.WPFonts;

namespace EGov.Notifications.Delivery;

/// <summary>
/// A letter as a one-page A4 PDF: the address block where a window envelope shows it, the date, the subject and the
/// body. Fonts are the ones inside PDFsharp (no system fonts, the same output on every host).
/// </summary>
internal static class LetterPdf
{
    private const string Family = "EGovLetter";
    private static readonly Lock FontsLock = new();

    public static byte[] Render(Message message, DateTimeOffset at)
    {
        lock (FontsLock)
        {
            GlobalFontSettings.FontResolver ??= new EmbeddedFontResolver();
        }

        using var pdf = new PdfDocument();
        pdf.Info.Title = message.Subject ?? "Letter";
        pdf.Info.Author = message.AgencyCode;
        var page = pdf.AddPage();
        page.Size = PageSize.A4;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var regular = new XFont(Family, 11, XFontStyleEx.Regular);
            var bold = new XFont(Family, 13, XFontStyleEx.Bold);
            const double left = 70;
            var y = 140.0;
            foreach (var line in (message.Address ?? string.Empty).Split('\n'))
            {
                gfx.DrawString(line, regular, XBrushes.Black, new XPoint(left, y));
                y += 15;
            }

            y = 300;
            gfx.DrawString(at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), regular, XBrushes.Black, new XPoint(left, y));
            y += 30;
            gfx.DrawString(message.Subject ?? string.Empty, bold, XBrushes.Black, new XPoint(left, y));
            y += 20;
            var formatter = new XTextFormatter(gfx);
            formatter.DrawString(message.Body ?? string.Empty, regular, XBrushes.Black, new XRect(left, y, page.Width.Point - (2 * left), page.Height.Point - y - 60));
            gfx.DrawString($"{message.AgencyCode} · {message.Id:N}", new XFont(Family, 7, XFontStyleEx.Regular), XBrushes.DimGray, new XPoint(left, page.Height.Point - 40));
        }

        using var stream = new MemoryStream();
        pdf.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>Every family resolves to the Segoe WP faces embedded in PDFsharp.</summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? "SegoeWP-Bold" : "SegoeWP");

        public byte[]? GetFont(string faceName) => faceName == "SegoeWP-Bold" ? FontDataHelper.SegoeWPBold : FontDataHelper.SegoeWP;
    }
}
