using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EGov.Citizens.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class Notices : Migration
    {
        /// <summary>
        /// The citizens' inbox becomes the Notices block's table: <c>citizen_inbox</c> is renamed <c>notices</c> with
        /// every row kept (recipient kind <c>Citizen</c>, recipient id = the citizen's subject, the application as
        /// the case it regards). Template key, version and language stay null for those rows: they were written
        /// before templates existed. Templates themselves are seeded at start-up from the module's file, not here.
        /// </summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_citizen_inbox_citizen_subject_created_at",
                schema: "g2c",
                table: "citizen_inbox");

            migrationBuilder.DropPrimaryKey(
                name: "pk_citizen_inbox",
                schema: "g2c",
                table: "citizen_inbox");

            migrationBuilder.RenameTable(
                name: "citizen_inbox",
                schema: "g2c",
                newName: "notices",
                newSchema: "g2c");

            migrationBuilder.RenameColumn(
                name: "citizen_subject",
                schema: "g2c",
                table: "notices",
                newName: "recipient_id");

            migrationBuilder.RenameColumn(
                name: "application_id",
                schema: "g2c",
                table: "notices",
                newName: "regarding_case_id");

            // Every existing row is a citizen's; the default fills them and is dropped again (the code always sets it).
            migrationBuilder.AddColumn<string>(
                name: "recipient_kind",
                schema: "g2c",
                table: "notices",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Citizen");
            migrationBuilder.Sql("ALTER TABLE g2c.notices ALTER COLUMN recipient_kind DROP DEFAULT;");

            migrationBuilder.AddColumn<string>(
                name: "regarding_reference",
                schema: "g2c",
                table: "notices",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "template_key",
                schema: "g2c",
                table: "notices",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "template_version",
                schema: "g2c",
                table: "notices",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "language",
                schema: "g2c",
                table: "notices",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "body",
                schema: "g2c",
                table: "notices",
                type: "character varying(8000)",
                maxLength: 8000,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(4000)",
                oldMaxLength: 4000);

            migrationBuilder.AddPrimaryKey(
                name: "pk_notices",
                schema: "g2c",
                table: "notices",
                column: "id");

            migrationBuilder.CreateIndex(
                name: "ix_notices_recipient_kind_recipient_id_created_at",
                schema: "g2c",
                table: "notices",
                columns: new[] { "recipient_kind", "recipient_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notices_regarding_case_id",
                schema: "g2c",
                table: "notices",
                column: "regarding_case_id");

            migrationBuilder.CreateIndex(
                name: "ix_notices_unread",
                schema: "g2c",
                table: "notices",
                columns: new[] { "recipient_kind", "recipient_id" },
                filter: "read_at IS NULL");

            migrationBuilder.CreateTable(
                name: "notice_templates",
                schema: "g2c",
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
        }

        /// <summary>Back to the citizens' inbox: citizens' notices are kept (bodies cut to the old 4000 characters).</summary>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notice_templates",
                schema: "g2c");

            migrationBuilder.DropIndex(
                name: "ix_notices_recipient_kind_recipient_id_created_at",
                schema: "g2c",
                table: "notices");

            migrationBuilder.DropIndex(
                name: "ix_notices_regarding_case_id",
                schema: "g2c",
                table: "notices");

            migrationBuilder.DropIndex(
                name: "ix_notices_unread",
                schema: "g2c",
                table: "notices");

            migrationBuilder.DropPrimaryKey(
                name: "pk_notices",
                schema: "g2c",
                table: "notices");

            // The old table held citizens' messages only.
            migrationBuilder.Sql("DELETE FROM g2c.notices WHERE recipient_kind <> 'Citizen';");
            migrationBuilder.Sql("UPDATE g2c.notices SET body = left(body, 4000) WHERE length(body) > 4000;");

            migrationBuilder.AlterColumn<string>(
                name: "body",
                schema: "g2c",
                table: "notices",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(8000)",
                oldMaxLength: 8000);

            migrationBuilder.DropColumn(name: "language", schema: "g2c", table: "notices");
            migrationBuilder.DropColumn(name: "template_version", schema: "g2c", table: "notices");
            migrationBuilder.DropColumn(name: "template_key", schema: "g2c", table: "notices");
            migrationBuilder.DropColumn(name: "regarding_reference", schema: "g2c", table: "notices");
            migrationBuilder.DropColumn(name: "recipient_kind", schema: "g2c", table: "notices");

            migrationBuilder.RenameColumn(
                name: "regarding_case_id",
                schema: "g2c",
                table: "notices",
                newName: "application_id");

            migrationBuilder.RenameColumn(
                name: "recipient_id",
                schema: "g2c",
                table: "notices",
                newName: "citizen_subject");

            migrationBuilder.RenameTable(
                name: "notices",
                schema: "g2c",
                newName: "citizen_inbox",
                newSchema: "g2c");

            migrationBuilder.AddPrimaryKey(
                name: "pk_citizen_inbox",
                schema: "g2c",
                table: "citizen_inbox",
                column: "id");

            migrationBuilder.CreateIndex(
                name: "ix_citizen_inbox_citizen_subject_created_at",
                schema: "g2c",
                table: "citizen_inbox",
                columns: new[] { "citizen_subject", "created_at" });
        }
    }
}
