using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EGov.Employees.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class EstablishmentAndPayroll : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agency_accounts",
                schema: "g2e",
                columns: table => new
                {
                    agency_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    iban = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: false),
                    bic = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agency_accounts", x => x.agency_code);
                });

            migrationBuilder.CreateTable(
                name: "data_keys",
                schema: "g2e",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    agency_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    kek_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    wrapped = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    rewrapped_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "documents",
                schema: "g2e",
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
                name: "employees",
                schema: "g2e",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    employee_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    agency_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    given_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    family_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    preferred_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    work_phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    sensitive = table.Column<byte[]>(type: "bytea", nullable: false),
                    left_on = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_employees", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                schema: "g2e",
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
                name: "payroll_rules",
                schema: "g2e",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    content = table.Column<string>(type: "jsonb", nullable: false),
                    loaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payroll_rules", x => x.year);
                });

            migrationBuilder.CreateTable(
                name: "payroll_runs",
                schema: "g2e",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    reference = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    agency_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    period = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    resumptions = table.Column<int>(type: "integer", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    payslips = table.Column<int>(type: "integer", nullable: false),
                    gross_total = table.Column<decimal>(type: "numeric(16,2)", precision: 16, scale: 2, nullable: false),
                    net_total = table.Column<decimal>(type: "numeric(16,2)", precision: 16, scale: 2, nullable: false),
                    employer_total = table.Column<decimal>(type: "numeric(16,2)", precision: 16, scale: 2, nullable: false),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancelled_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    cancellation_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payroll_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "positions",
                schema: "g2e",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    agency_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    grade = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    function = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    funded = table.Column<bool>(type: "boolean", nullable: false),
                    reports_to = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_positions", x => x.id);
                    table.ForeignKey(
                        name: "fk_positions_positions_reports_to",
                        column: x => x.reports_to,
                        principalSchema: "g2e",
                        principalTable: "positions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "change_requests",
                schema: "g2e",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    employee_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agency_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    field = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    value = table.Column<byte[]>(type: "bytea", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_change_requests_employees_employee_id",
                        column: x => x.employee_id,
                        principalSchema: "g2e",
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "employee_components",
                schema: "g2e",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    employee_id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    monthly_amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    from = table.Column<DateOnly>(type: "date", nullable: false),
                    to = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_employee_components", x => x.id);
                    table.ForeignKey(
                        name: "fk_employee_components_employees_employee_id",
                        column: x => x.employee_id,
                        principalSchema: "g2e",
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "salary_records",
                schema: "g2e",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    employee_id = table.Column<Guid>(type: "uuid", nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    step = table.Column<int>(type: "integer", nullable: true),
                    monthly_amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    approved_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_salary_records", x => x.id);
                    table.ForeignKey(
                        name: "fk_salary_records_employees_employee_id",
                        column: x => x.employee_id,
                        principalSchema: "g2e",
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "payroll_run_reads",
                schema: "g2e",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reader_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    purpose = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payroll_run_reads", x => x.id);
                    table.ForeignKey(
                        name: "fk_payroll_run_reads_payroll_runs_run_id",
                        column: x => x.run_id,
                        principalSchema: "g2e",
                        principalTable: "payroll_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "payslips",
                schema: "g2e",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    employee_id = table.Column<Guid>(type: "uuid", nullable: false),
                    employee_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    employee_name = table.Column<string>(type: "character varying(210)", maxLength: 210, nullable: false),
                    agency_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    period = table.Column<int>(type: "integer", nullable: false),
                    reference = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    live = table.Column<bool>(type: "boolean", nullable: false),
                    position_title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    grade = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    days_paid = table.Column<int>(type: "integer", nullable: false),
                    days_in_period = table.Column<int>(type: "integer", nullable: false),
                    basic = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    gross = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    deductions = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    net = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    employer_cost = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    lines = table.Column<string>(type: "jsonb", nullable: false),
                    arrears = table.Column<string>(type: "jsonb", nullable: false),
                    bank_account = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payslips", x => x.id);
                    table.ForeignKey(
                        name: "fk_payslips_employees_employee_id",
                        column: x => x.employee_id,
                        principalSchema: "g2e",
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_payslips_payroll_runs_run_id",
                        column: x => x.run_id,
                        principalSchema: "g2e",
                        principalTable: "payroll_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assignments",
                schema: "g2e",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    employee_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agency_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    from = table.Column<DateOnly>(type: "date", nullable: false),
                    to = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assignments", x => x.id);
                    table.ForeignKey(
                        name: "fk_assignments_employees_employee_id",
                        column: x => x.employee_id,
                        principalSchema: "g2e",
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_assignments_positions_position_id",
                        column: x => x.position_id,
                        principalSchema: "g2e",
                        principalTable: "positions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_assignments_agency_code_from",
                schema: "g2e",
                table: "assignments",
                columns: new[] { "agency_code", "from" });

            migrationBuilder.CreateIndex(
                name: "ix_assignments_employee_id",
                schema: "g2e",
                table: "assignments",
                column: "employee_id");

            migrationBuilder.CreateIndex(
                name: "ix_assignments_position_id",
                schema: "g2e",
                table: "assignments",
                column: "position_id");

            migrationBuilder.CreateIndex(
                name: "ix_change_requests_agency_code_status",
                schema: "g2e",
                table: "change_requests",
                columns: new[] { "agency_code", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_change_requests_employee_id",
                schema: "g2e",
                table: "change_requests",
                column: "employee_id");

            migrationBuilder.CreateIndex(
                name: "ix_data_keys_agency_code",
                schema: "g2e",
                table: "data_keys",
                column: "agency_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_documents_holder_kind_holder_id_issued_at",
                schema: "g2e",
                table: "documents",
                columns: new[] { "holder_kind", "holder_id", "issued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_documents_verification_code",
                schema: "g2e",
                table: "documents",
                column: "verification_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_documents_case_id",
                schema: "g2e",
                table: "documents",
                column: "case_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_employee_components_employee_id",
                schema: "g2e",
                table: "employee_components",
                column: "employee_id");

            migrationBuilder.CreateIndex(
                name: "ix_employees_agency_code",
                schema: "g2e",
                table: "employees",
                column: "agency_code");

            migrationBuilder.CreateIndex(
                name: "ix_employees_employee_number",
                schema: "g2e",
                table: "employees",
                column: "employee_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_records_created_at",
                schema: "g2e",
                table: "idempotency_records",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_payroll_run_reads_run_id",
                schema: "g2e",
                table: "payroll_run_reads",
                column: "run_id");

            migrationBuilder.CreateIndex(
                name: "ix_payroll_runs_reference",
                schema: "g2e",
                table: "payroll_runs",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_payroll_runs_live",
                schema: "g2e",
                table: "payroll_runs",
                columns: new[] { "agency_code", "period" },
                unique: true,
                filter: "status <> 'Cancelled'");

            migrationBuilder.CreateIndex(
                name: "ix_payslips_run_id",
                schema: "g2e",
                table: "payslips",
                column: "run_id");

            migrationBuilder.CreateIndex(
                name: "ux_payslips_live",
                schema: "g2e",
                table: "payslips",
                columns: new[] { "employee_id", "period" },
                unique: true,
                filter: "live");

            migrationBuilder.CreateIndex(
                name: "ix_positions_agency_code_department",
                schema: "g2e",
                table: "positions",
                columns: new[] { "agency_code", "department" });

            migrationBuilder.CreateIndex(
                name: "ix_positions_reports_to",
                schema: "g2e",
                table: "positions",
                column: "reports_to");

            migrationBuilder.CreateIndex(
                name: "ix_salary_records_employee_id_effective_from",
                schema: "g2e",
                table: "salary_records",
                columns: new[] { "employee_id", "effective_from" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agency_accounts",
                schema: "g2e");

            migrationBuilder.DropTable(
                name: "assignments",
                schema: "g2e");

            migrationBuilder.DropTable(
                name: "change_requests",
                schema: "g2e");

            migrationBuilder.DropTable(
                name: "data_keys",
                schema: "g2e");

            migrationBuilder.DropTable(
                name: "documents",
                schema: "g2e");

            migrationBuilder.DropTable(
                name: "employee_components",
                schema: "g2e");

            migrationBuilder.DropTable(
                name: "idempotency_records",
                schema: "g2e");

            migrationBuilder.DropTable(
                name: "payroll_rules",
                schema: "g2e");

            migrationBuilder.DropTable(
                name: "payroll_run_reads",
                schema: "g2e");

            migrationBuilder.DropTable(
                name: "payslips",
                schema: "g2e");

            migrationBuilder.DropTable(
                name: "salary_records",
                schema: "g2e");

            migrationBuilder.DropTable(
                name: "positions",
                schema: "g2e");

            migrationBuilder.DropTable(
                name: "payroll_runs",
                schema: "g2e");

            migrationBuilder.DropTable(
                name: "employees",
                schema: "g2e");
        }
    }
}
