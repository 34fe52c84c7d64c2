using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace EGov.Businesses.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class BusinessRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "business_number_seq",
                schema: "g2b",
                startValue: 100001L);

            migrationBuilder.CreateTable(
                name: "businesses",
                schema: "g2b",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    name_key = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    legal_form = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    activity_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    share_capital = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    share_capital_currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    founded_on = table.Column<DateOnly>(type: "date", nullable: false),
                    registered_on = table.Column<DateOnly>(type: "date", nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    confirmation_due_on = table.Column<DateOnly>(type: "date", nullable: false),
                    reminder_sent_for = table.Column<DateOnly>(type: "date", nullable: true),
                    overdue_since = table.Column<DateOnly>(type: "date", nullable: true),
                    filing_count = table.Column<int>(type: "integer", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false)
                        .Annotation("Npgsql:TsVectorConfig", "simple")
                        .Annotation("Npgsql:TsVectorProperties", new[] { "name_key" })
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_businesses", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                schema: "g2b",
                columns: table => new
                {
                    scope = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: false),
                    response_body = table.Column<string>(type: "text", nullable: false),
                    location = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_records", x => new { x.scope, x.owner, x.key });
                });

            migrationBuilder.CreateTable(
                name: "notice_templates",
                schema: "g2b",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    parameters = table.Column<string>(type: "jsonb", nullable: false),
                    subject = table.Column<string>(type: "jsonb", nullable: false),
                    body = table.Column<string>(type: "jsonb", nullable: false),
                    date_format = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notice_templates", x => new { x.key, x.version });
                });

            migrationBuilder.CreateTable(
                name: "notices",
                schema: "g2b",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    recipient_kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    recipient_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    regarding_case_id = table.Column<Guid>(type: "uuid", nullable: true),
                    regarding_reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    template_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    template_version = table.Column<int>(type: "integer", nullable: true),
                    language = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "beneficial_owners",
                schema: "g2b",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    business_id = table.Column<Guid>(type: "uuid", nullable: false),
                    national_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    given_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    family_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    home_address = table.Column<string>(type: "jsonb", nullable: true),
                    shares = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    voting = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    appoints_board = table.Column<bool>(type: "boolean", nullable: false),
                    notified_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ceased_on = table.Column<DateOnly>(type: "date", nullable: true),
                    notified_by_filing = table.Column<Guid>(type: "uuid", nullable: false),
                    ceased_by_filing = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_beneficial_owners", x => x.id);
                    table.ForeignKey(
                        name: "fk_beneficial_owners_businesses_business_id",
                        column: x => x.business_id,
                        principalSchema: "g2b",
                        principalTable: "businesses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "filings",
                schema: "g2b",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    business_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    effective_on = table.Column<DateOnly>(type: "date", nullable: false),
                    details = table.Column<string>(type: "jsonb", nullable: false),
                    filed_as = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    filed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    mandate_id = table.Column<Guid>(type: "uuid", nullable: true),
                    filed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    corrects = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_filings", x => x.id);
                    table.ForeignKey(
                        name: "fk_filings_businesses_business_id",
                        column: x => x.business_id,
                        principalSchema: "g2b",
                        principalTable: "businesses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_filings_filings_corrects",
                        column: x => x.corrects,
                        principalSchema: "g2b",
                        principalTable: "filings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "mandates",
                schema: "g2b",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    business_id = table.Column<Guid>(type: "uuid", nullable: false),
                    holder_kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    holder_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    holder_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    scopes = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    expires_on = table.Column<DateOnly>(type: "date", nullable: false),
                    granted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    granted_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    granted_by_officer = table.Column<Guid>(type: "uuid", nullable: false),
                    grant_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    revocation_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mandates", x => x.id);
                    table.ForeignKey(
                        name: "fk_mandates_businesses_business_id",
                        column: x => x.business_id,
                        principalSchema: "g2b",
                        principalTable: "businesses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "officers",
                schema: "g2b",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    business_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    national_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    given_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    family_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    home_address = table.Column<string>(type: "jsonb", nullable: true),
                    appointed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ceased_on = table.Column<DateOnly>(type: "date", nullable: true),
                    appointed_by_filing = table.Column<Guid>(type: "uuid", nullable: false),
                    ceased_by_filing = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_officers", x => x.id);
                    table.ForeignKey(
                        name: "fk_officers_businesses_business_id",
                        column: x => x.business_id,
                        principalSchema: "g2b",
                        principalTable: "businesses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "registered_addresses",
                schema: "g2b",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    business_id = table.Column<Guid>(type: "uuid", nullable: false),
                    address = table.Column<string>(type: "jsonb", nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    filing_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_registered_addresses", x => x.id);
                    table.ForeignKey(
                        name: "fk_registered_addresses_businesses_business_id",
                        column: x => x.business_id,
                        principalSchema: "g2b",
                        principalTable: "businesses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_beneficial_owners_business_id",
                schema: "g2b",
                table: "beneficial_owners",
                column: "business_id");

            migrationBuilder.CreateIndex(
                name: "ix_businesses_confirmation_due_on",
                schema: "g2b",
                table: "businesses",
                column: "confirmation_due_on");

            migrationBuilder.CreateIndex(
                name: "ix_businesses_name_key",
                schema: "g2b",
                table: "businesses",
                column: "name_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_businesses_number",
                schema: "g2b",
                table: "businesses",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_businesses_search_vector",
                schema: "g2b",
                table: "businesses",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_filings_business_id_sequence",
                schema: "g2b",
                table: "filings",
                columns: new[] { "business_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_filings_corrects",
                schema: "g2b",
                table: "filings",
                column: "corrects");

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_records_created_at",
                schema: "g2b",
                table: "idempotency_records",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_mandates_business_id",
                schema: "g2b",
                table: "mandates",
                column: "business_id");

            migrationBuilder.CreateIndex(
                name: "ix_mandates_holder_kind_holder_id",
                schema: "g2b",
                table: "mandates",
                columns: new[] { "holder_kind", "holder_id" });

            migrationBuilder.CreateIndex(
                name: "ix_notices_recipient_kind_recipient_id_created_at",
                schema: "g2b",
                table: "notices",
                columns: new[] { "recipient_kind", "recipient_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notices_regarding_case_id",
                schema: "g2b",
                table: "notices",
                column: "regarding_case_id");

            migrationBuilder.CreateIndex(
                name: "ix_notices_unread",
                schema: "g2b",
                table: "notices",
                columns: new[] { "recipient_kind", "recipient_id" },
                filter: "read_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_officers_business_id",
                schema: "g2b",
                table: "officers",
                column: "business_id");

            migrationBuilder.CreateIndex(
                name: "ix_officers_national_id",
                schema: "g2b",
                table: "officers",
                column: "national_id");

            migrationBuilder.CreateIndex(
                name: "ix_registered_addresses_business_id_effective_from",
                schema: "g2b",
                table: "registered_addresses",
                columns: new[] { "business_id", "effective_from" });

            // The ledger is immutable: filings are only ever added (a mistake is corrected by a new filing).
            migrationBuilder.Sql(
                """
                CREATE OR REPLACE FUNCTION g2b.filings_append_only() RETURNS trigger
                LANGUAGE plpgsql AS $fn$
                BEGIN
                  RAISE EXCEPTION 'filings are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
                END;
                $fn$;
                CREATE TRIGGER filings_no_change BEFORE UPDATE OR DELETE ON g2b.filings
                  FOR EACH ROW EXECUTE FUNCTION g2b.filings_append_only();
                CREATE TRIGGER filings_no_truncate BEFORE TRUNCATE ON g2b.filings
                  FOR EACH STATEMENT EXECUTE FUNCTION g2b.filings_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS filings_no_change ON g2b.filings; DROP TRIGGER IF EXISTS filings_no_truncate ON g2b.filings; DROP FUNCTION IF EXISTS g2b.filings_append_only();");

            migrationBuilder.DropTable(
                name: "beneficial_owners",
                schema: "g2b");

            migrationBuilder.DropTable(
                name: "filings",
                schema: "g2b");

            migrationBuilder.DropTable(
                name: "idempotency_records",
                schema: "g2b");

            migrationBuilder.DropTable(
                name: "mandates",
                schema: "g2b");

            migrationBuilder.DropTable(
                name: "notice_templates",
                schema: "g2b");

            migrationBuilder.DropTable(
                name: "notices",
                schema: "g2b");

            migrationBuilder.DropTable(
                name: "officers",
                schema: "g2b");

            migrationBuilder.DropTable(
                name: "registered_addresses",
                schema: "g2b");

            migrationBuilder.DropTable(
                name: "businesses",
                schema: "g2b");

            migrationBuilder.DropSequence(
                name: "business_number_seq",
                schema: "g2b");
        }
    }
}
