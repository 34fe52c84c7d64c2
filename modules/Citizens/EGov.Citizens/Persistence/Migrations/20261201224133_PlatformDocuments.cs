using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EGov.Citizens.Persistence.Migrations
{
    /// <summary>
    /// Documents become the platform's signed documents. G2C's certificates stay in <c>g2c.documents</c>, now the
    /// platform's document record (holder = the citizen as a party, the case and its reference, the masked holder
    /// computed from <c>g2c.citizens</c>, room for the revocation). G2C's signing keys move to the platform's key set,
    /// <c>platform.document_signing_keys</c>, with their key ids, so every certificate keeps verifying. A migration
    /// cannot encrypt: the keys arrive marked <c>protection = 'none'</c> and the platform's key store encrypts them with
    /// data protection before it uses them (at start); the old table, with the plain keys, is dropped.
    /// </summary>
    internal partial class PlatformDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The platform's key table, as the key store creates it when missing (the store may have run first),
            // under the key store's own setup lock (AdvisoryLockKey.For("egov-documents:setup")), held to the end of
            // this migration's transaction.
            migrationBuilder.Sql("""
                SELECT pg_advisory_xact_lock(-3385667039840073052);
                CREATE SCHEMA IF NOT EXISTS platform;
                CREATE TABLE IF NOT EXISTS platform.document_signing_keys (
                    key_id varchar(64) PRIMARY KEY,
                    private_key bytea NOT NULL,
                    public_key bytea NULL,
                    protection varchar(32) NOT NULL,
                    is_current boolean NOT NULL,
                    created_at timestamptz NOT NULL);
                CREATE UNIQUE INDEX IF NOT EXISTS ix_document_signing_keys_current
                    ON platform.document_signing_keys (is_current) WHERE is_current;
                """);

            // G2C's current key stays current unless the platform already has one (then it retires, still published).
            migrationBuilder.Sql("""
                INSERT INTO platform.document_signing_keys (key_id, private_key, public_key, protection, is_current, created_at)
                SELECT k.key_id, k.private_key, NULL, 'none',
                       k.is_current AND NOT EXISTS (SELECT 1 FROM platform.document_signing_keys p WHERE p.is_current),
                       k.created_at
                FROM g2c.document_signing_keys k
                ON CONFLICT (key_id) DO NOTHING;
                """);

            migrationBuilder.DropTable(
                name: "document_signing_keys",
                schema: "g2c");

            migrationBuilder.DropIndex(
                name: "ix_documents_citizen_subject_issued_at",
                schema: "g2c",
                table: "documents");

            migrationBuilder.RenameColumn(
                name: "citizen_subject",
                schema: "g2c",
                table: "documents",
                newName: "holder_id");

            migrationBuilder.RenameColumn(
                name: "application_id",
                schema: "g2c",
                table: "documents",
                newName: "case_id");

            migrationBuilder.Sql("ALTER TABLE g2c.documents RENAME CONSTRAINT fk_documents_applications_application_id TO fk_documents_applications_case_id;");

            migrationBuilder.AlterColumn<string>(
                name: "verification_code",
                schema: "g2c",
                table: "documents",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.AddColumn<string>(
                name: "holder_kind",
                schema: "g2c",
                table: "documents",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Citizen");

            migrationBuilder.AddColumn<string>(
                name: "case_reference",
                schema: "g2c",
                table: "documents",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "holder_display",
                schema: "g2c",
                table: "documents",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "*** ***");

            migrationBuilder.AddColumn<string>(
                name: "revocation_reason",
                schema: "g2c",
                table: "documents",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "revoked_by",
                schema: "g2c",
                table: "documents",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            // The facts of the existing certificates: the application's reference, and the holder's initials as the
            // public check showed them (computed from the citizen's names at each check until now).
            migrationBuilder.Sql("""
                UPDATE g2c.documents d SET case_reference = a.reference
                FROM g2c.applications a WHERE a.id = d.case_id;

                UPDATE g2c.documents d SET holder_display =
                    (CASE WHEN btrim(coalesce(c.given_name, '')) = '' THEN '***' ELSE upper(left(btrim(c.given_name), 1)) || '***' END)
                    || ' ' ||
                    (CASE WHEN btrim(coalesce(c.family_name, '')) = '' THEN '***' ELSE upper(left(btrim(c.family_name), 1)) || '***' END)
                FROM g2c.citizens c WHERE c.subject = d.holder_id;

                ALTER TABLE g2c.documents ALTER COLUMN holder_kind DROP DEFAULT;
                ALTER TABLE g2c.documents ALTER COLUMN case_reference DROP DEFAULT;
                ALTER TABLE g2c.documents ALTER COLUMN holder_display DROP DEFAULT;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_documents_holder_kind_holder_id_issued_at",
                schema: "g2c",
                table: "documents",
                columns: new[] { "holder_kind", "holder_id", "issued_at" });
        }

        /// <inheritdoc />
        /// <remarks>
        /// Only keys the platform has not encrypted yet can go back (SQL cannot decrypt); revocations are lost.
        /// Restore the backup taken before the upgrade rather than going down.
        /// </remarks>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_documents_holder_kind_holder_id_issued_at",
                schema: "g2c",
                table: "documents");

            migrationBuilder.DropColumn(name: "case_reference", schema: "g2c", table: "documents");
            migrationBuilder.DropColumn(name: "holder_display", schema: "g2c", table: "documents");
            migrationBuilder.DropColumn(name: "holder_kind", schema: "g2c", table: "documents");
            migrationBuilder.DropColumn(name: "revocation_reason", schema: "g2c", table: "documents");
            migrationBuilder.DropColumn(name: "revoked_by", schema: "g2c", table: "documents");

            migrationBuilder.Sql("ALTER TABLE g2c.documents RENAME CONSTRAINT fk_documents_applications_case_id TO fk_documents_applications_application_id;");

            migrationBuilder.RenameColumn(
                name: "holder_id",
                schema: "g2c",
                table: "documents",
                newName: "citizen_subject");

            migrationBuilder.RenameColumn(
                name: "case_id",
                schema: "g2c",
                table: "documents",
                newName: "application_id");

            migrationBuilder.AlterColumn<string>(
                name: "verification_code",
                schema: "g2c",
                table: "documents",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20);

            migrationBuilder.CreateTable(
                name: "document_signing_keys",
                schema: "g2c",
                columns: table => new
                {
                    key_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    private_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    is_current = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<System.DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_signing_keys", x => x.key_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_documents_citizen_subject_issued_at",
                schema: "g2c",
                table: "documents",
                columns: new[] { "citizen_subject", "issued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_document_signing_keys_current",
                schema: "g2c",
                table: "document_signing_keys",
                column: "is_current",
                unique: true,
                filter: "is_current");

            migrationBuilder.Sql("""
                INSERT INTO g2c.document_signing_keys (key_id, private_key, is_current, created_at)
                SELECT key_id, private_key, is_current, created_at FROM platform.document_signing_keys WHERE protection = 'none';
                """);
        }
    }
}
