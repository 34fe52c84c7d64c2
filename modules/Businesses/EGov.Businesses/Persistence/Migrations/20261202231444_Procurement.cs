using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EGov.Businesses.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class Procurement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ocds_releases",
                schema: "g2b",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    ocid = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    tag = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    date = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    json = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ocds_releases", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tenders",
                schema: "g2b",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    ocid = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    agency_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    description = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    cpv_codes = table.Column<string>(type: "jsonb", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    estimated_value = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    lots = table.Column<string>(type: "jsonb", nullable: false),
                    criteria = table.Column<string>(type: "jsonb", nullable: false),
                    enquiry_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    enquiry_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    tender_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    tender_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    public_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    sealed_private_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    published_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    openings = table.Column<string>(type: "jsonb", nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    number_of_tenderers = table.Column<int>(type: "integer", nullable: true),
                    evaluations = table.Column<string>(type: "jsonb", nullable: false),
                    awards = table.Column<string>(type: "jsonb", nullable: false),
                    contracts = table.Column<string>(type: "jsonb", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "bids",
                schema: "g2b",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tender_id = table.Column<Guid>(type: "uuid", nullable: false),
                    lot_id = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    business_id = table.Column<Guid>(type: "uuid", nullable: false),
                    business_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    wrapped_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    nonce = table.Column<byte[]>(type: "bytea", nullable: false),
                    ciphertext = table.Column<byte[]>(type: "bytea", nullable: false),
                    tag = table.Column<byte[]>(type: "bytea", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submitted_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    opened_amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    opened_currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    opened_proposal = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bids", x => x.id);
                    table.ForeignKey(
                        name: "fk_bids_tenders_tender_id",
                        column: x => x.tender_id,
                        principalSchema: "g2b",
                        principalTable: "tenders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_bids_tender_id_lot_id_business_id",
                schema: "g2b",
                table: "bids",
                columns: new[] { "tender_id", "lot_id", "business_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ocds_releases_date_id",
                schema: "g2b",
                table: "ocds_releases",
                columns: new[] { "date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_ocds_releases_ocid_date",
                schema: "g2b",
                table: "ocds_releases",
                columns: new[] { "ocid", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_tenders_agency_code",
                schema: "g2b",
                table: "tenders",
                column: "agency_code");

            migrationBuilder.CreateIndex(
                name: "ix_tenders_ocid",
                schema: "g2b",
                table: "tenders",
                column: "ocid",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bids",
                schema: "g2b");

            migrationBuilder.DropTable(
                name: "ocds_releases",
                schema: "g2b");

            migrationBuilder.DropTable(
                name: "tenders",
                schema: "g2b");
        }
    }
}
