namespace EGov.Citizens.Domain;

/// <summary>Inbox messages in the citizen's language (English fallback).</summary>
internal static class InboxTexts
{
    public static (string Subject, string Body) Submitted(string language, string reference, string service, DateOnly due) => language == Languages.French
        ? ($"Demande {reference} reçue", $"Votre demande « {service} » a été enregistrée sous la référence {reference}. Réponse attendue au plus tard le {due:dd/MM/yyyy}.")
        : ($"Application {reference} received", $"Your application \"{service}\" is registered as {reference}. You will have an answer by {due:yyyy-MM-dd}.");

    public static (string Subject, string Body) StatusChanged(string language, string reference, string status, string? message) =>
        language == Languages.French
            ? ($"Demande {reference} : {status}", message is null ? $"Votre demande {reference} est maintenant : {status}." : $"Votre demande {reference} est maintenant : {status}. {message}")
            : ($"Application {reference}: {status}", message is null ? $"Your application {reference} is now: {status}." : $"Your application {reference} is now: {status}. {message}");

    public static (string Subject, string Body) Overdue(string language, string reference, DateOnly due) => language == Languages.French
        ? ($"Demande {reference} en retard", $"Le délai légal de votre demande {reference} a expiré le {due:dd/MM/yyyy}. L'administration a été avertie.")
        : ($"Application {reference} is overdue", $"The statutory deadline of your application {reference} passed on {due:yyyy-MM-dd}. The agency has been alerted.");
}
