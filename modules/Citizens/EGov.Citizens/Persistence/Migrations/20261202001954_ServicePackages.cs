using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EGov.Citizens.Persistence.Migrations
{
    /// <summary>
    /// Services become packages (the forms, casework and packages blocks): texts as language maps, required
    /// documents as language maps, the form in the forms block's shape (pages of fields, texts in languages), the
    /// case lifecycle, the document template and the roles, each as jsonb. Existing rows — the services an older
    /// <c>Applications</c> migration inserted and any a designer published — are converted here in SQL, so every
    /// application keeps the (converted) version it was filed against:
    /// <list type="bullet">
    /// <item><c>title_en</c>/<c>title_fr</c> → <c>title</c> <c>{"en": …, "fr": …}</c> (French only when given), likewise the description;</item>
    /// <item><c>required_documents</c> <c>text[]</c> → a jsonb array of <c>{"en": …}</c>;</item>
    /// <item>the form <c>{"fields": [{name, label, labelFr, type, required, min, max, maxLength, pattern, choices}]}</c> →
    /// <c>{"pages": [{"name": "main", "fields": [{name, type, label: {"en", "fr"}, required, …}]}]}</c> (type <c>yes-no</c> is
    /// now <c>yesNo</c>), keeping only the
    /// limits the old checks applied to each type (maxLength and pattern on text, min and max on numbers, choices on a
    /// choice, each choice labelled by its value), and dropping number limits beyond the forms block's range;</item>
    /// <item>the standard G2C lifecycle (as every seeded package carries it), a certificate named after the service,
    /// and the standard roles.</item>
    /// </list>
    /// </summary>
    internal partial class ServicePackages : Migration
    {
        private const string StandardLifecycle = "{\"initialState\":\"Submitted\",\"states\":[{\"name\":\"Submitted\",\"title\":{\"en\":\"submitted\",\"fr\":\"déposée\"}},{\"name\":\"InReview\",\"title\":{\"en\":\"in review\",\"fr\":\"en cours d''examen\"}},{\"name\":\"InformationRequested\",\"title\":{\"en\":\"information requested\",\"fr\":\"informations demandées\"},\"deadlinePaused\":true},{\"name\":\"Approved\",\"title\":{\"en\":\"approved\",\"fr\":\"acceptée\"},\"final\":true,\"outcome\":\"approved\"},{\"name\":\"Rejected\",\"title\":{\"en\":\"rejected\",\"fr\":\"refusée\"},\"final\":true,\"outcome\":\"rejected\"},{\"name\":\"Withdrawn\",\"title\":{\"en\":\"withdrawn\",\"fr\":\"retirée\"},\"final\":true,\"outcome\":\"withdrawn\"}],\"transitions\":[{\"name\":\"start-review\",\"from\":[\"Submitted\"],\"to\":\"InReview\",\"by\":[{\"role\":\"caseworker\",\"relation\":\"agency-staff\"}]},{\"name\":\"request-information\",\"from\":[\"InReview\"],\"to\":\"InformationRequested\",\"by\":[{\"role\":\"caseworker\",\"relation\":\"agency-staff\"}],\"message\":\"required\"},{\"name\":\"provide-information\",\"from\":[\"InformationRequested\"],\"to\":\"InReview\",\"by\":[{\"role\":\"citizen\",\"relation\":\"applicant\"}],\"message\":\"required\"},{\"name\":\"approve\",\"from\":[\"InReview\"],\"to\":\"Approved\",\"by\":[{\"role\":\"caseworker\",\"relation\":\"agency-staff\"}],\"message\":\"optional\",\"issuesDocument\":true},{\"name\":\"reject\",\"from\":[\"InReview\"],\"to\":\"Rejected\",\"by\":[{\"role\":\"caseworker\",\"relation\":\"agency-staff\"}],\"message\":\"required\"},{\"name\":\"withdraw\",\"from\":[\"Submitted\",\"InReview\",\"InformationRequested\"],\"to\":\"Withdrawn\",\"by\":[{\"role\":\"citizen\",\"relation\":\"applicant\"}]}]}";

        private const string StandardRoles = "{\"designers\":[\"service-designer\",\"platform-admin\"],\"caseworkers\":[\"caseworker\"],\"applicants\":[\"citizen\"]}";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE g2c.services
                    ADD COLUMN title jsonb,
                    ADD COLUMN description jsonb,
                    ADD COLUMN required_document_texts jsonb,
                    ADD COLUMN lifecycle jsonb,
                    ADD COLUMN document_template jsonb,
                    ADD COLUMN roles jsonb;
                """);

            migrationBuilder.Sql($$"""
                UPDATE g2c.services s SET
                    title = jsonb_strip_nulls(jsonb_build_object('en', btrim(s.title_en), 'fr', NULLIF(btrim(s.title_fr), ''))),
                    description = jsonb_strip_nulls(jsonb_build_object('en', btrim(s.description_en), 'fr', NULLIF(btrim(s.description_fr), ''))),
                    required_document_texts = COALESCE(
                        (SELECT jsonb_agg(jsonb_build_object('en', btrim(d)) ORDER BY n)
                           FROM unnest(s.required_documents) WITH ORDINALITY AS r(d, n)
                          WHERE btrim(d) <> ''),
                        '[]'::jsonb),
                    form = jsonb_build_object('pages', jsonb_build_array(jsonb_build_object(
                        'name', 'main',
                        'fields', COALESCE(
                            (SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                                        'name', f.field->>'name',
                                        'type', CASE f.field->>'type' WHEN 'yes-no' THEN 'yesNo' ELSE f.field->>'type' END,
                                        'label', jsonb_strip_nulls(jsonb_build_object(
                                            'en', btrim(f.field->>'label'),
                                            'fr', NULLIF(btrim(f.field->>'labelFr'), ''))),
                                        'required', COALESCE((f.field->>'required')::boolean, false),
                                        'maxLength', CASE WHEN f.field->>'type' = 'text' THEN f.field->'maxLength' END,
                                        'pattern', CASE WHEN f.field->>'type' = 'text' THEN f.field->'pattern' END,
                                        'min', CASE WHEN f.field->>'type' = 'number' AND jsonb_typeof(f.field->'min') = 'number'
                                                     AND abs((f.field->>'min')::numeric) <= 1000000000000 THEN f.field->'min' END,
                                        'max', CASE WHEN f.field->>'type' = 'number' AND jsonb_typeof(f.field->'max') = 'number'
                                                     AND abs((f.field->>'max')::numeric) <= 1000000000000 THEN f.field->'max' END,
                                        'choices', CASE WHEN f.field->>'type' = 'choice' THEN
                                            (SELECT jsonb_agg(jsonb_build_object('value', c.value, 'label', jsonb_build_object('en', c.value)) ORDER BY c.first)
                                               FROM (SELECT btrim(v) AS value, min(i) AS first
                                                       FROM jsonb_array_elements_text(f.field->'choices') WITH ORDINALITY AS x(v, i)
                                                      WHERE btrim(v) <> ''
                                                      GROUP BY btrim(v)) c)
                                        END)) ORDER BY f.n)
                               FROM jsonb_array_elements(s.form->'fields') WITH ORDINALITY AS f(field, n)),
                            '[]'::jsonb)))),
                    lifecycle = '{{StandardLifecycle}}'::jsonb,
                    document_template = jsonb_build_object(
                        'type', s.code,
                        'title', jsonb_strip_nulls(jsonb_build_object('en', btrim(s.title_en), 'fr', NULLIF(btrim(s.title_fr), ''))),
                        'layout', 'certificate'),
                    roles = '{{StandardRoles}}'::jsonb
                WHERE s.form ? 'fields';
                """);

            migrationBuilder.Sql("""
                ALTER TABLE g2c.services
                    DROP COLUMN title_en,
                    DROP COLUMN title_fr,
                    DROP COLUMN description_en,
                    DROP COLUMN description_fr,
                    DROP COLUMN required_documents;
                ALTER TABLE g2c.services RENAME COLUMN required_document_texts TO required_documents;
                ALTER TABLE g2c.services
                    ALTER COLUMN title SET NOT NULL,
                    ALTER COLUMN description SET NOT NULL,
                    ALTER COLUMN required_documents SET NOT NULL,
                    ALTER COLUMN lifecycle SET NOT NULL,
                    ALTER COLUMN roles SET NOT NULL;
                """);
        }

        /// <summary>
        /// Back to the bilingual columns and the flat form: English and French texts only, every page's fields in one
        /// list, types the old form did not know read as text, and the lifecycle, template and roles dropped.
        /// </summary>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE g2c.services
                    ADD COLUMN title_en character varying(200),
                    ADD COLUMN title_fr character varying(200),
                    ADD COLUMN description_en character varying(4000),
                    ADD COLUMN description_fr character varying(4000),
                    ADD COLUMN required_document_list text[];

                UPDATE g2c.services s SET
                    title_en = left(COALESCE(s.title->>'en', (SELECT value FROM jsonb_each_text(s.title) ORDER BY key LIMIT 1)), 200),
                    title_fr = left(s.title->>'fr', 200),
                    description_en = left(COALESCE(s.description->>'en', (SELECT value FROM jsonb_each_text(s.description) ORDER BY key LIMIT 1)), 4000),
                    description_fr = left(s.description->>'fr', 4000),
                    required_document_list = COALESCE(
                        (SELECT array_agg(COALESCE(d.doc->>'en', (SELECT value FROM jsonb_each_text(d.doc) ORDER BY key LIMIT 1)) ORDER BY d.n)
                           FROM jsonb_array_elements(s.required_documents) WITH ORDINALITY AS d(doc, n)),
                        ARRAY[]::text[]),
                    form = jsonb_build_object('fields', COALESCE(
                        (SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                                    'name', f.field->>'name',
                                    'label', COALESCE(f.field->'label'->>'en', (SELECT value FROM jsonb_each_text(f.field->'label') ORDER BY key LIMIT 1)),
                                    'labelFr', f.field->'label'->>'fr',
                                    'type', CASE WHEN f.field->>'type' = 'yesNo' THEN 'yes-no'
                                                 WHEN f.field->>'type' IN ('text', 'number', 'date', 'choice', 'file') THEN f.field->>'type' ELSE 'text' END,
                                    'required', COALESCE((f.field->>'required')::boolean, false),
                                    'min', CASE WHEN f.field->>'type' = 'number' THEN f.field->'min' END,
                                    'max', CASE WHEN f.field->>'type' = 'number' THEN f.field->'max' END,
                                    'maxLength', CASE WHEN f.field->>'type' = 'text' THEN f.field->'maxLength' END,
                                    'pattern', CASE WHEN f.field->>'type' = 'text' THEN f.field->'pattern' END,
                                    'choices', CASE WHEN f.field->>'type' = 'choice' THEN
                                        (SELECT jsonb_agg(c.choice->'value' ORDER BY c.i) FROM jsonb_array_elements(f.field->'choices') WITH ORDINALITY AS c(choice, i))
                                    END)) ORDER BY p.n, f.n)
                           FROM jsonb_array_elements(s.form->'pages') WITH ORDINALITY AS p(page, n),
                                jsonb_array_elements(p.page->'fields') WITH ORDINALITY AS f(field, n)),
                        '[]'::jsonb));

                ALTER TABLE g2c.services
                    DROP COLUMN title,
                    DROP COLUMN description,
                    DROP COLUMN required_documents,
                    DROP COLUMN lifecycle,
                    DROP COLUMN document_template,
                    DROP COLUMN roles;
                ALTER TABLE g2c.services RENAME COLUMN required_document_list TO required_documents;
                ALTER TABLE g2c.services
                    ALTER COLUMN title_en SET NOT NULL,
                    ALTER COLUMN description_en SET NOT NULL,
                    ALTER COLUMN required_documents SET NOT NULL;
                """);
        }
    }
}
