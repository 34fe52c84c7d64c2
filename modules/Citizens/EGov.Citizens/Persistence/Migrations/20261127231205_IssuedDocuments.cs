using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EGov.Citizens.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class IssuedDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "document_signing_keys",
                schema: "g2c",
                columns: table => new
                {
                    key_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    private_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    is_current = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_signing_keys", x => x.key_id);
                });

            migrationBuilder.CreateTable(
                name: "documents",
                schema: "g2c",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    citizen_subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    agency_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    verification_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    signature = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    key_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_documents", x => x.id);
                    table.ForeignKey(
                        name: "fk_documents_applications_application_id",
                        column: x => x.application_id,
                        principalSchema: "g2c",
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_document_signing_keys_current",
                schema: "g2c",
                table: "document_signing_keys",
                column: "is_current",
                unique: true,
                filter: "is_current");

            migrationBuilder.CreateIndex(
                name: "ix_documents_application_id",
                schema: "g2c",
                table: "documents",
                column: "application_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_documents_citizen_subject_issued_at",
                schema: "g2c",
                table: "documents",
                columns: new[] { "citizen_subject", "issued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_documents_verification_code",
                schema: "g2c",
                table: "documents",
                column: "verification_code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "document_signing_keys",
                schema: "g2c");

            migrationBuilder.DropTable(
                name: "documents",
                schema: "g2c");
        }
    }
}
