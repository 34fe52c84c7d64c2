using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EGov.Citizens.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class Applications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "application_reference_seq",
                schema: "g2c");

            migrationBuilder.CreateTable(
                name: "citizen_inbox",
                schema: "g2c",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    citizen_subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: true),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_citizen_inbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "citizens",
                schema: "g2c",
                columns: table => new
                {
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    national_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    given_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    family_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    language = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    contact_channels = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_citizens", x => x.subject);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                schema: "g2c",
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
                name: "services",
                schema: "g2c",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    is_current = table.Column<bool>(type: "boolean", nullable: false),
                    agency_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    title_en = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    title_fr = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    description_en = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    description_fr = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    fee_amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    fee_currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    deadline_days = table.Column<int>(type: "integer", nullable: false),
                    required_documents = table.Column<List<string>>(type: "text[]", nullable: false),
                    form = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_services", x => new { x.code, x.version });
                });

            migrationBuilder.CreateTable(
                name: "applications",
                schema: "g2c",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    reference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    citizen_subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    service_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    service_version = table.Column<int>(type: "integer", nullable: false),
                    agency_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    fields = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    remaining_days_at_pause = table.Column<int>(type: "integer", nullable: true),
                    paused_on = table.Column<DateOnly>(type: "date", nullable: true),
                    overdue = table.Column<bool>(type: "boolean", nullable: false),
                    assigned_to = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_reasons = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_applications", x => x.id);
                    table.ForeignKey(
                        name: "fk_applications_services_service_code_service_version",
                        columns: x => new { x.service_code, x.service_version },
                        principalSchema: "g2c",
                        principalTable: "services",
                        principalColumns: new[] { "code", "version" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "application_events",
                schema: "g2c",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    actor_role = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_application_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_application_events_applications_application_id",
                        column: x => x.application_id,
                        principalSchema: "g2c",
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "attachments",
                schema: "g2c",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachments", x => x.id);
                    table.ForeignKey(
                        name: "fk_attachments_applications_application_id",
                        column: x => x.application_id,
                        principalSchema: "g2c",
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_application_events_application_id_occurred_at",
                schema: "g2c",
                table: "application_events",
                columns: new[] { "application_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_applications_agency_code_status",
                schema: "g2c",
                table: "applications",
                columns: new[] { "agency_code", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_applications_citizen_subject_submitted_at",
                schema: "g2c",
                table: "applications",
                columns: new[] { "citizen_subject", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_applications_reference",
                schema: "g2c",
                table: "applications",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_applications_service_code_service_version",
                schema: "g2c",
                table: "applications",
                columns: new[] { "service_code", "service_version" });

            migrationBuilder.CreateIndex(
                name: "ix_attachments_application_id",
                schema: "g2c",
                table: "attachments",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_citizen_inbox_citizen_subject_created_at",
                schema: "g2c",
                table: "citizen_inbox",
                columns: new[] { "citizen_subject", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_citizens_national_id",
                schema: "g2c",
                table: "citizens",
                column: "national_id");

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_records_created_at",
                schema: "g2c",
                table: "idempotency_records",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_services_current",
                schema: "g2c",
                table: "services",
                column: "code",
                unique: true,
                filter: "is_current");

            // The services every deployment starts with are no longer inserted here: a migration must not run live
            // code whose output changes with it. Databases migrated before keep the rows this migration inserted
            // then (converted by ServicePackages); fresh ones get them from the catalogue seeding step
            // (Persistence/CatalogueSeeder.cs, from the packages in Persistence/Seed).
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "application_events",
                schema: "g2c");

            migrationBuilder.DropTable(
                name: "attachments",
                schema: "g2c");

            migrationBuilder.DropTable(
                name: "citizen_inbox",
                schema: "g2c");

            migrationBuilder.DropTable(
                name: "citizens",
                schema: "g2c");

            migrationBuilder.DropTable(
                name: "idempotency_records",
                schema: "g2c");

            migrationBuilder.DropTable(
                name: "applications",
                schema: "g2c");

            migrationBuilder.DropTable(
                name: "services",
                schema: "g2c");

            migrationBuilder.DropSequence(
                name: "application_reference_seq",
                schema: "g2c");
        }
    }
}
