using System.Globalization;
using EGov.Employees.Payroll;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.WPFonts;

namespace EGov.Employees.Features.PayrollRuns;

internal sealed record PayslipContent(
    string Issuer, string Reference, string Period, string EmployeeName, string EmployeeNumber, string Position, string Grade,
    int DaysPaid, int DaysInPeriod, IReadOnlyList<PayLine> Lines, decimal Gross, decimal Deductions, decimal Net, string Currency,
    DateTimeOffset IssuedAt, string VerificationCode, string VerificationUrl, string KeyId);

/// <summary>A payslip as a one-page A4 PDF, with the verification code of its signed document. Fonts shipped inside PDFsharp.</summary>
internal static class PayslipPdf
{
    private const string Family = "EGovPayslip";
    private static readonly Lock FontsLock = new();

    public static byte[] Render(PayslipContent c)
    {
        lock (FontsLock)
        {
            GlobalFontSettings.FontResolver ??= new EmbeddedFontResolver();
        }

        using var pdf = new PdfDocument();
        pdf.Info.Title = $"Payslip {c.Reference}";
        pdf.Info.Subject = c.VerificationUrl;
        pdf.Info.Author = c.Issuer;
        var page = pdf.AddPage();
        page.Size = PageSize.A4;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var heading = new XFont(Family, 20, XFontStyleEx.Bold);
            var label = new XFont(Family, 9, XFontStyleEx.Regular);
            var value = new XFont(Family, 11, XFontStyleEx.Bold);
            var text = new XFont(Family, 10, XFontStyleEx.Regular);
            const double left = 56;
            const double right = 540;
            var y = 64.0;
            gfx.DrawString(c.Issuer, label, XBrushes.DimGray, new XPoint(left, y));
            y += 30;
            gfx.DrawString($"Payslip {c.Period}", heading, XBrushes.Black, new XPoint(left, y));
            y += 30;
            foreach (var (name, shown) in new[]
            {
                ("Employee", $"{c.EmployeeName} ({c.EmployeeNumber})"),
                ("Position", $"{c.Position}, grade {c.Grade}"),
                ("Days paid", $"{c.DaysPaid} of {c.DaysInPeriod}"),
                ("Reference", c.Reference),
            })
            {
                gfx.DrawString(name, label, XBrushes.DimGray, new XPoint(left, y));
                gfx.DrawString(shown, value, XBrushes.Black, new XPoint(left + 90, y));
                y += 18;
            }

            y += 12;
            foreach (var line in c.Lines)
            {
                var kind = line.Kind == PayLineKind.Employer ? " (employer)" : string.Empty;
                gfx.DrawString(line.Name + kind, text, XBrushes.Black, new XPoint(left, y));
                var amount = (line.Kind == PayLineKind.Deduction ? "-" : string.Empty) + Money(line.Amount);
                gfx.DrawString(amount, text, XBrushes.Black, new XRect(right - 120, y - 10, 120, 14), XStringFormats.TopRight);
                y += 16;
            }

            y += 8;
            foreach (var (name, amount) in new[] { ("Gross", c.Gross), ("Deductions", -c.Deductions), ("Net pay", c.Net) })
            {
                gfx.DrawString(name, value, XBrushes.Black, new XPoint(left, y));
                gfx.DrawString($"{Money(amount)} {c.Currency}", value, XBrushes.Black, new XRect(right - 160, y - 11, 160, 14), XStringFormats.TopRight);
                y += 18;
            }

            y += 24;
            gfx.DrawString("Issued " + c.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) + $", signing key {c.KeyId}", label, XBrushes.DimGray, new XPoint(left, y));
            y += 14;
            gfx.DrawString($"Verification code {c.VerificationCode}", value, XBrushes.Black, new XPoint(left, y));
            y += 14;
            gfx.DrawString($"Check this payslip at {c.VerificationUrl}", label, XBrushes.Black, new XPoint(left, y));
        }

        using var stream = new MemoryStream();
        pdf.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private static string Money(decimal amount) => amount.ToString("#,##0.00", CultureInfo.InvariantCulture);

    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? "SegoeWP-Bold" : "SegoeWP");

        public byte[]? GetFont(string faceName) => faceName == "SegoeWP-Bold" ? FontDataHelper.SegoeWPBold : FontDataHelper.SegoeWP;
    }
}
