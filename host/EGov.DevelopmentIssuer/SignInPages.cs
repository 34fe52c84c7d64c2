using System.Text;
using System.Text.Encodings.Web;

namespace EGov.DevelopmentIssuer;

/// <summary>
/// The development issuer's server-rendered pages: sign-in, sign-out confirmation, signed out, and errors. Plain,
/// accessible HTML (language, title, one heading, labelled fields, errors announced and tied to the fields), every
/// value HTML-encoded, no script and no inline style: the style sheet is a file of its own, and the pages are served
/// with a Content-Security-Policy that allows nothing else.
/// </summary>
internal static class SignInPages
{
    /// <summary>The hidden form field with the issuer's ticket for the rendered form.</summary>
    public const string TicketField = "ticket";

    /// <summary>The pages' only style, served at <see cref="TokenIssuer.StylePath"/>.</summary>
    public const string StyleSheet = """
        body { font-family: system-ui, sans-serif; margin: 0; background: #f3f4f6; color: #111827; line-height: 1.5; }
        main { max-width: 26rem; margin: 3rem auto; padding: 2rem; background: #fff; border: 1px solid #d1d5db; }
        h1 { font-size: 1.5rem; margin-top: 0; }
        label { display: block; font-weight: 600; margin-top: 1rem; }
        input[type=text], input[type=password] { box-sizing: border-box; width: 100%; padding: .5rem; font-size: 1rem; border: 2px solid #374151; }
        input:focus, button:focus { outline: 3px solid #f59e0b; outline-offset: 1px; }
        button { margin-top: 1.5rem; padding: .6rem 1.2rem; font-size: 1rem; background: #1d4ed8; color: #fff; border: 0; cursor: pointer; }
        .error { border-left: 4px solid #b91c1c; padding: .5rem 1rem; background: #fef2f2; color: #7f1d1d; }
        .note { color: #4b5563; font-size: .9rem; }
        """;

    public static string SignIn(TokenIssuer issuer, string realmDisplayName, string ticket, string? username, string? error)
    {
        var body = new StringBuilder();
        body.Append("<h1>Sign in to ").Append(Encode(realmDisplayName)).Append("</h1>");
        if (error is not null)
        {
            body.Append("<div class=\"error\" id=\"sign-in-error\" role=\"alert\"><p>").Append(Encode(error)).Append("</p></div>");
        }

        var described = error is null ? "" : " aria-describedby=\"sign-in-error\" aria-invalid=\"true\"";
        body.Append("<form method=\"post\" action=\"").Append(Encode(issuer.SignInPath)).Append("\" novalidate>")
            .Append("<input type=\"hidden\" name=\"").Append(TicketField).Append("\" value=\"").Append(Encode(ticket)).Append("\">")
            .Append("<label for=\"username\">Username or email</label>")
            .Append("<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" required")
            .Append(described).Append(" value=\"").Append(Encode(username ?? "")).Append('"')
            .Append(error is null ? " autofocus" : "").Append('>')
            .Append("<label for=\"password\">Password</label>")
            .Append("<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required")
            .Append(described).Append(error is null ? "" : " autofocus").Append('>')
            .Append("<button type=\"submit\">Sign in</button>")
            .Append("</form>")
            .Append("<p class=\"note\">Development sign-in: the demo users of the realm file (docs/identity.md). Keycloak signs users in everywhere else.</p>");
        return Page(issuer, "Sign in", body.ToString());
    }

    public static string ConfirmSignOut(TokenIssuer issuer, string action, string ticket)
    {
        var body = new StringBuilder()
            .Append("<h1>Sign out</h1><p>Do you want to sign out?</p>")
            .Append("<form method=\"post\" action=\"").Append(Encode(action)).Append("\">")
            .Append("<input type=\"hidden\" name=\"").Append(TicketField).Append("\" value=\"").Append(Encode(ticket)).Append("\">")
            .Append("<button type=\"submit\">Sign out</button></form>");
        return Page(issuer, "Sign out", body.ToString());
    }

    public static string SignedOut(TokenIssuer issuer) =>
        Page(issuer, "Signed out", "<h1>You are signed out</h1><p>You can close this window.</p>");

    public static string Error(TokenIssuer issuer, string message) =>
        Page(issuer, "Sign-in error", "<h1>We are sorry…</h1><div class=\"error\" role=\"alert\"><p>" + Encode(message) + "</p></div>");

    private static string Page(TokenIssuer issuer, string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        "<title>" + Encode(title) + " – " + Encode(issuer.RealmName) + "</title>" +
        "<link rel=\"stylesheet\" href=\"" + Encode(issuer.StylePath) + "\">" +
        "</head><body><main>" + body + "</main></body></html>";

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);
}
