using EGov.Citizens.Domain;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EGov.Citizens.Persistence;

/// <summary>
/// The services every deployment starts with (version 1, by the platform), inserted by the <c>Applications</c>
/// migration; service designers publish new versions from there.
/// </summary>
internal static class CatalogueSeed
{
    private static readonly string[] Columns =
    [
        "code", "version", "is_current", "agency_code", "title_en", "title_fr", "description_en", "description_fr", "fee_amount", "fee_currency",
        "deadline_days", "required_documents", "form", "created_at", "created_by",
    ];

    public static void Insert(MigrationBuilder migrationBuilder, string schema)
    {
        foreach (var s in Services)
        {
            migrationBuilder.InsertData(
                table: "services",
                schema: schema,
                columns: Columns,
                values: new object?[]
                {
                    s.Code, s.Version, s.IsCurrent, s.AgencyCode, s.TitleEn, s.TitleFr, s.DescriptionEn, s.DescriptionFr, s.FeeAmount, s.FeeCurrency,
                    s.DeadlineDays, s.RequiredDocuments.ToArray(), s.Form, s.CreatedAt, s.CreatedBy,
                });
        }
    }

    private static readonly DateTimeOffset Seeded = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly CatalogueService[] Services =
    [
        Service("birth-certificate-copy", "NCR", 12m, 5,
            "Copy of a birth certificate", "Copie d'acte de naissance",
            "A certified copy of a birth record held by the civil registry, for yourself or your child.",
            "Copie certifiée d'un acte de naissance détenu par l'état civil, pour vous ou votre enfant.",
            ["Proof of identity"],
            new FormField("personName", "Full name on the record", "Nom complet sur l'acte", FieldTypes.Text, true, MaxLength: 200),
            new FormField("dateOfBirth", "Date of birth", "Date de naissance", FieldTypes.Date, true),
            new FormField("placeOfBirth", "Place of birth", "Lieu de naissance", FieldTypes.Text, true, MaxLength: 200),
            new FormField("copies", "Number of copies", "Nombre de copies", FieldTypes.Number, true, Min: 1, Max: 10),
            new FormField("purpose", "Purpose", "Motif", FieldTypes.Choice, false, Choices: ["personal", "marriage", "passport", "other"])),
        Service("residence-registration", "NCR", 0m, 10,
            "Residence registration", "Déclaration de domicile",
            "Register or change your address of residence.",
            "Déclarer ou modifier votre adresse de résidence.",
            ["Lease or proof of ownership"],
            new FormField("street", "Street and number", "Rue et numéro", FieldTypes.Text, true, MaxLength: 200),
            new FormField("postalCode", "Postal code", "Code postal", FieldTypes.Text, true, Pattern: "^[0-9]{4,6}$"),
            new FormField("city", "City", "Ville", FieldTypes.Text, true, MaxLength: 100),
            new FormField("movingDate", "Moving date", "Date d'emménagement", FieldTypes.Date, true),
            new FormField("householdSize", "People moving with you", "Personnes qui emménagent avec vous", FieldTypes.Number, false, Min: 0, Max: 20),
            new FormField("leaseDocument", "Lease or deed (attachment id)", "Bail ou titre (pièce jointe)", FieldTypes.File, false)),
        Service("marriage-registration", "NCR", 50m, 20,
            "Marriage registration", "Enregistrement de mariage",
            "Give notice of an intended marriage and book the civil ceremony.",
            "Déclarer un projet de mariage et réserver la cérémonie civile.",
            ["Birth certificates of both partners", "Proof of identity of both partners"],
            new FormField("partnerName", "Partner's full name", "Nom complet du partenaire", FieldTypes.Text, true, MaxLength: 200),
            new FormField("partnerNationalId", "Partner's national id", "Identifiant national du partenaire", FieldTypes.Text, true, Pattern: "^[0-9]{11}$"),
            new FormField("ceremonyDate", "Preferred ceremony date", "Date de cérémonie souhaitée", FieldTypes.Date, true),
            new FormField("witnesses", "Number of witnesses", "Nombre de témoins", FieldTypes.Number, true, Min: 2, Max: 4)),
        Service("parking-permit", "CCM", 60m, 5,
            "Residential parking permit", "Carte de stationnement résidentiel",
            "A yearly permit to park in your residential zone of the capital.",
            "Une autorisation annuelle de stationner dans votre zone résidentielle de la capitale.",
            ["Vehicle registration certificate"],
            new FormField("plate", "Registration plate", "Plaque d'immatriculation", FieldTypes.Text, true, Pattern: "^[A-Z0-9-]{4,10}$"),
            new FormField("zone", "Parking zone", "Zone de stationnement", FieldTypes.Number, true, Min: 1, Max: 12),
            new FormField("resident", "I live in this zone", "J'habite dans cette zone", FieldTypes.YesNo, true),
            new FormField("vehicleRegistration", "Vehicle registration (attachment id)", "Certificat d'immatriculation (pièce jointe)", FieldTypes.File, false)),
        Service("building-permit", "CCM", 250m, 40,
            "Building permit", "Permis de construire",
            "Permission to build, extend or substantially alter a building in the capital.",
            "Autorisation de construire, d'agrandir ou de transformer un bâtiment dans la capitale.",
            ["Site plan", "Architectural drawings"],
            new FormField("parcel", "Cadastral parcel", "Parcelle cadastrale", FieldTypes.Text, true, Pattern: "^[A-Z]{2}-[0-9]{1,6}$"),
            new FormField("workType", "Type of works", "Nature des travaux", FieldTypes.Choice, true, Choices: ["new-building", "extension", "alteration", "demolition"]),
            new FormField("floorArea", "Floor area (m²)", "Surface de plancher (m²)", FieldTypes.Number, true, Min: 1, Max: 100000),
            new FormField("floors", "Floors", "Étages", FieldTypes.Number, false, Min: 0, Max: 60),
            new FormField("startDate", "Planned start", "Début prévu", FieldTypes.Date, false),
            new FormField("description", "Description of the works", "Description des travaux", FieldTypes.Text, true, MaxLength: 2000)),
        Service("housing-benefit", "NRA", 0m, 30,
            "Housing benefit", "Aide au logement",
            "Monthly help with rent for households on a low income in the northern region.",
            "Aide mensuelle au loyer pour les ménages à faibles revenus de la région nord.",
            ["Lease", "Proof of income for the last three months"],
            new FormField("monthlyIncome", "Household monthly income", "Revenu mensuel du ménage", FieldTypes.Number, true, Min: 0, Max: 1000000),
            new FormField("monthlyRent", "Monthly rent", "Loyer mensuel", FieldTypes.Number, true, Min: 0, Max: 100000),
            new FormField("householdSize", "Household size", "Taille du ménage", FieldTypes.Number, true, Min: 1, Max: 20),
            new FormField("tenant", "I am the tenant", "Je suis locataire", FieldTypes.YesNo, true)),
    ];

    private static CatalogueService Service(
        string code, string agency, decimal fee, int deadlineDays, string titleEn, string titleFr, string descriptionEn, string descriptionFr,
        List<string> documents, params FormField[] fields) => new()
        {
            Code = code,
            Version = 1,
            IsCurrent = true,
            AgencyCode = agency,
            TitleEn = titleEn,
            TitleFr = titleFr,
            DescriptionEn = descriptionEn,
            DescriptionFr = descriptionFr,
            FeeAmount = fee,
            FeeCurrency = "EUR",
            DeadlineDays = deadlineDays,
            RequiredDocuments = documents,
            Form = new FormDefinition(fields).ToJson(),
            CreatedAt = Seeded,
            CreatedBy = "platform",
        };
}
