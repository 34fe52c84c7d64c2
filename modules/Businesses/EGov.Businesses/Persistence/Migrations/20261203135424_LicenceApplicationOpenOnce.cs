using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EGov.Businesses.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class LicenceApplicationOpenOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ux_licence_applications_open",
                schema: "g2b",
                table: "licence_applications",
                columns: new[] { "business_id", "licence_type_code", "purpose" },
                unique: true,
                filter: "closed_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_licence_applications_open",
                schema: "g2b",
                table: "licence_applications");
        }
    }
}
