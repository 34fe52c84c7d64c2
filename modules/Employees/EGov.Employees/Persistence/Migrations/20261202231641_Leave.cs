using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EGov.Employees.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class Leave : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "leave_request_numbers",
                schema: "g2e");

            migrationBuilder.CreateTable(
                name: "leave_requests",
                schema: "g2e",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    employee_id = table.Column<Guid>(type: "uuid", nullable: false),
                    employee_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    type_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    from = table.Column<DateOnly>(type: "date", nullable: false),
                    to = table.Column<DateOnly>(type: "date", nullable: false),
                    working_days = table.Column<int>(type: "integer", nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
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
                    table.PrimaryKey("pk_leave_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_leave_requests_employees_employee_id",
                        column: x => x.employee_id,
                        principalSchema: "g2e",
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "leave_entries",
                schema: "g2e",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    employee_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    days = table.Column<int>(type: "integer", nullable: false),
                    on = table.Column<DateOnly>(type: "date", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leave_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_leave_entries_employees_employee_id",
                        column: x => x.employee_id,
                        principalSchema: "g2e",
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_leave_entries_leave_requests_request_id",
                        column: x => x.request_id,
                        principalSchema: "g2e",
                        principalTable: "leave_requests",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "leave_request_timeline",
                schema: "g2e",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    leave_request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    transition = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    state = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    actor = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leave_request_timeline", x => x.id);
                    table.ForeignKey(
                        name: "fk_leave_request_timeline_leave_requests_case_id",
                        column: x => x.leave_request_id,
                        principalSchema: "g2e",
                        principalTable: "leave_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_leave_entries_employee_id_year_type_code",
                schema: "g2e",
                table: "leave_entries",
                columns: new[] { "employee_id", "year", "type_code" });

            migrationBuilder.CreateIndex(
                name: "ux_leave_entries_once",
                schema: "g2e",
                table: "leave_entries",
                columns: new[] { "employee_id", "type_code", "year", "kind" },
                unique: true,
                filter: "kind <> 'Taken'");

            migrationBuilder.CreateIndex(
                name: "ux_leave_entries_request",
                schema: "g2e",
                table: "leave_entries",
                column: "request_id",
                unique: true,
                filter: "request_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_leave_request_timeline_leave_request_id_occurred_at",
                schema: "g2e",
                table: "leave_request_timeline",
                columns: new[] { "leave_request_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_leave_requests_agency_code_status",
                schema: "g2e",
                table: "leave_requests",
                columns: new[] { "agency_code", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_leave_requests_employee_id_from",
                schema: "g2e",
                table: "leave_requests",
                columns: new[] { "employee_id", "from" });

            migrationBuilder.CreateIndex(
                name: "ix_leave_requests_reference",
                schema: "g2e",
                table: "leave_requests",
                column: "reference",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "leave_entries",
                schema: "g2e");

            migrationBuilder.DropTable(
                name: "leave_request_timeline",
                schema: "g2e");

            migrationBuilder.DropTable(
                name: "leave_requests",
                schema: "g2e");

            migrationBuilder.DropSequence(
                name: "leave_request_numbers",
                schema: "g2e");
        }
    }
}
