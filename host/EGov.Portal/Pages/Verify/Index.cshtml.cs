using EGov.Portal.Api.Platform;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EGov.Portal.Pages.Verify;

/// <summary>
/// Check a document: type the code printed on it, or follow its QR code to <c>/verify/{code}</c>. The check is the
/// platform's, for the documents of every module (signature, stored facts, revocation).
/// </summary>
public sealed class IndexModel(PlatformApi api) : PageModel
{
    public const int CodeLength = 20;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public string? Code { get; private set; }

    public string? Error { get; private set; }

    internal DocumentVerification? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken cancellationToken)
    {
        // The form sends ?code= even when empty (which binds as null); a visit without it is the empty form.
        if (code is null && !Request.Query.ContainsKey("code"))
        {
            return Page();
        }

        code ??= string.Empty;
        Code = code.Length > 100 ? code[..100] : code;
        var normalized = Normalize(code);
        if (string.IsNullOrWhiteSpace(code))
        {
            Error = "VerifyCodeMissing";
            return Page();
        }

        if (normalized is null)
        {
            Error = "VerifyCodeMalformed";
            return Page();
        }

        Code = normalized;
        Result = await api.VerifyIssuedDocumentAsync(normalized, cancellationToken);
        return Page();
    }

    /// <summary>The code as printed, forgiving spaces, dashes and case; null when it cannot be one.</summary>
    public static string? Normalize(string? code)
    {
        var compact = new string((code ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();
        return compact.Length == CodeLength && compact.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? compact : null;
    }
}
