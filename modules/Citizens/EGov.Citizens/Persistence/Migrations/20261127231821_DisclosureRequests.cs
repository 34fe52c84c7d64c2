using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace EGov.Citizens.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class DisclosureRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "disclosure_requests",
                schema: "g2c",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    citizen_subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    agency_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    question = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    answer = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    answered_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    published = table.Column<bool>(type: "boolean", nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false)
                        .Annotation("Npgsql:TsVectorConfig", "english")
                        .Annotation("Npgsql:TsVectorProperties", new[] { "title", "question", "answer" }),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_disclosure_requests", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_disclosure_requests_agency_code_status",
                schema: "g2c",
                table: "disclosure_requests",
                columns: new[] { "agency_code", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_disclosure_requests_citizen_subject_submitted_at",
                schema: "g2c",
                table: "disclosure_requests",
                columns: new[] { "citizen_subject", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_disclosure_requests_search_vector",
                schema: "g2c",
                table: "disclosure_requests",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "disclosure_requests",
                schema: "g2c");
        }
    }
}
