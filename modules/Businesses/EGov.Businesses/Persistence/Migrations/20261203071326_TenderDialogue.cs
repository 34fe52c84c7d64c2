using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EGov.Businesses.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class TenderDialogue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "amendments",
                schema: "g2b",
                table: "tenders",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "complaints",
                schema: "g2b",
                table: "tenders",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "contract_amendments",
                schema: "g2b",
                table: "tenders",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "enquiries",
                schema: "g2b",
                table: "tenders",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "amendments",
                schema: "g2b",
                table: "tenders");

            migrationBuilder.DropColumn(
                name: "complaints",
                schema: "g2b",
                table: "tenders");

            migrationBuilder.DropColumn(
                name: "contract_amendments",
                schema: "g2b",
                table: "tenders");

            migrationBuilder.DropColumn(
                name: "enquiries",
                schema: "g2b",
                table: "tenders");
        }
    }
}
