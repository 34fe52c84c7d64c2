using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EGov.Businesses.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class Licensing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "licence_application_seq",
                schema: "g2b");

            migrationBuilder.CreateSequence(
                name: "licence_number_seq",
                schema: "g2b");

            migrationBuilder.CreateTable(
                name: "documents",
                schema: "g2b",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    verification_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    agency_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    holder_kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    holder_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    holder_display = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_reference = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    signature = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    key_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revocation_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    revoked_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_documents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "licence_applications",
                schema: "g2b",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    business_id = table.Column<Guid>(type: "uuid", nullable: false),
                    business_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    licence_type_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    licence_type_version = table.Column<int>(type: "integer", nullable: false),
                    purpose = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    licence_id = table.Column<Guid>(type: "uuid", nullable: true),
                    answers = table.Column<string>(type: "jsonb", nullable: false),
                    filed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reference = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    agency_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    remaining_days_at_pause = table.Column<int>(type: "integer", nullable: true),
                    paused_on = table.Column<DateOnly>(type: "date", nullable: true),
                    overdue = table.Column<bool>(type: "boolean", nullable: false),
                    assigned_to = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    decision_reasons = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    pending_transition = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    pending_approved_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    pending_approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_licence_applications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "licence_types",
                schema: "g2b",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    agency_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    package_json = table.Column<string>(type: "jsonb", nullable: false),
                    published_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_licence_types", x => new { x.code, x.version });
                });

            migrationBuilder.CreateTable(
                name: "licences",
                schema: "g2b",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    licence_type_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    agency_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    business_id = table.Column<Guid>(type: "uuid", nullable: false),
                    business_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    valid_until = table.Column<DateOnly>(type: "date", nullable: false),
                    status_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    document_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    remind_on = table.Column<DateOnly>(type: "date", nullable: false),
                    reminded_for = table.Column<DateOnly>(type: "date", nullable: true),
                    history = table.Column<string>(type: "jsonb", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_licences", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "licence_application_timeline",
                schema: "g2b",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    transition = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    state = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    actor = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_licence_application_timeline", x => x.id);
                    table.ForeignKey(
                        name: "fk_licence_application_timeline_licence_applications_case_id",
                        column: x => x.application_id,
                        principalSchema: "g2b",
                        principalTable: "licence_applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_documents_case_id",
                schema: "g2b",
                table: "documents",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_documents_holder_kind_holder_id_issued_at",
                schema: "g2b",
                table: "documents",
                columns: new[] { "holder_kind", "holder_id", "issued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_documents_verification_code",
                schema: "g2b",
                table: "documents",
                column: "verification_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_licence_application_timeline_application_id_occurred_at",
                schema: "g2b",
                table: "licence_application_timeline",
                columns: new[] { "application_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_licence_applications_agency_code_status",
                schema: "g2b",
                table: "licence_applications",
                columns: new[] { "agency_code", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_licence_applications_business_id_submitted_at",
                schema: "g2b",
                table: "licence_applications",
                columns: new[] { "business_id", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_licence_applications_licence_id",
                schema: "g2b",
                table: "licence_applications",
                column: "licence_id");

            migrationBuilder.CreateIndex(
                name: "ix_licence_applications_reference",
                schema: "g2b",
                table: "licence_applications",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_licences_agency_code_status",
                schema: "g2b",
                table: "licences",
                columns: new[] { "agency_code", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_licences_business_id_licence_type_code",
                schema: "g2b",
                table: "licences",
                columns: new[] { "business_id", "licence_type_code" });

            migrationBuilder.CreateIndex(
                name: "ix_licences_document_code",
                schema: "g2b",
                table: "licences",
                column: "document_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_licences_number",
                schema: "g2b",
                table: "licences",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_licences_status_valid_until",
                schema: "g2b",
                table: "licences",
                columns: new[] { "status", "valid_until" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "documents",
                schema: "g2b");

            migrationBuilder.DropTable(
                name: "licence_application_timeline",
                schema: "g2b");

            migrationBuilder.DropTable(
                name: "licence_types",
                schema: "g2b");

            migrationBuilder.DropTable(
                name: "licences",
                schema: "g2b");

            migrationBuilder.DropTable(
                name: "licence_applications",
                schema: "g2b");

            migrationBuilder.DropSequence(
                name: "licence_application_seq",
                schema: "g2b");

            migrationBuilder.DropSequence(
                name: "licence_number_seq",
                schema: "g2b");
        }
    }
}
