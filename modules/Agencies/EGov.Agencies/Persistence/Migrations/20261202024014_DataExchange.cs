using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EGov.Agencies.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class DataExchange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "data_services",
                schema: "g2g",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    open_api = table.Column<string>(type: "jsonb", nullable: false),
                    personal_data = table.Column<List<string>>(type: "text[]", nullable: false),
                    legal_bases = table.Column<List<string>>(type: "text[]", nullable: false),
                    operations = table.Column<string>(type: "jsonb", nullable: false),
                    subject_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    subject_parameter = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    answered_by = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    module_answer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    endpoint = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    log_bodies = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_services", x => x.id);
                    table.ForeignKey(
                        name: "fk_data_services_agencies_provider_code",
                        column: x => x.provider_code,
                        principalSchema: "g2g",
                        principalTable: "agencies",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "exchange_message_ids",
                schema: "g2g",
                columns: table => new
                {
                    consumer_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    message_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_exchange_message_ids", x => new { x.consumer_code, x.message_id });
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                schema: "g2g",
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
                name: "message_log",
                schema: "g2g",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    logged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    consumer_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    client = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    provider_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    service_code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    operation = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    purpose = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    legal_basis = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    issue = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    end_user = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    subject_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    subject_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    message_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    response_hash = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    duration_micros = table.Column<long>(type: "bigint", nullable: false),
                    request_body = table.Column<string>(type: "text", nullable: true),
                    response_body = table.Column<string>(type: "text", nullable: true),
                    hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_message_log", x => x.sequence);
                });

            migrationBuilder.CreateTable(
                name: "message_log_batches",
                schema: "g2g",
                columns: table => new
                {
                    first_sequence = table.Column<long>(type: "bigint", nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false),
                    previous_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    last_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    key_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    signature = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    signed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_message_log_batches", x => x.first_sequence);
                });

            migrationBuilder.CreateTable(
                name: "access_rights",
                schema: "g2g",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    service_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    consumer_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    purpose = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    legal_basis = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    requested_operations = table.Column<List<string>>(type: "text[]", nullable: false),
                    operations = table.Column<List<string>>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    requested_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_access_rights", x => x.id);
                    table.ForeignKey(
                        name: "fk_access_rights_agencies_consumer_code",
                        column: x => x.consumer_code,
                        principalSchema: "g2g",
                        principalTable: "agencies",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_access_rights_data_services_service_id",
                        column: x => x.service_id,
                        principalSchema: "g2g",
                        principalTable: "data_services",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_access_rights_consumer_code_status",
                schema: "g2g",
                table: "access_rights",
                columns: new[] { "consumer_code", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_access_rights_provider_code_status",
                schema: "g2g",
                table: "access_rights",
                columns: new[] { "provider_code", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_access_rights_service_id_consumer_code",
                schema: "g2g",
                table: "access_rights",
                columns: new[] { "service_id", "consumer_code" },
                unique: true,
                filter: "status IN ('Requested', 'Granted')");

            migrationBuilder.CreateIndex(
                name: "ix_data_services_provider_code_code",
                schema: "g2g",
                table: "data_services",
                columns: new[] { "provider_code", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_exchange_message_ids_used_at",
                schema: "g2g",
                table: "exchange_message_ids",
                column: "used_at");

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_records_created_at",
                schema: "g2g",
                table: "idempotency_records",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_message_log_consumer_code_logged_at",
                schema: "g2g",
                table: "message_log",
                columns: new[] { "consumer_code", "logged_at" });

            migrationBuilder.CreateIndex(
                name: "ix_message_log_provider_code_logged_at",
                schema: "g2g",
                table: "message_log",
                columns: new[] { "provider_code", "logged_at" });

            migrationBuilder.CreateIndex(
                name: "ix_message_log_subject_kind_subject_id_sequence",
                schema: "g2g",
                table: "message_log",
                columns: new[] { "subject_kind", "subject_id", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_message_log_batches_last_sequence",
                schema: "g2g",
                table: "message_log_batches",
                column: "last_sequence",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_rights",
                schema: "g2g");

            migrationBuilder.DropTable(
                name: "exchange_message_ids",
                schema: "g2g");

            migrationBuilder.DropTable(
                name: "idempotency_records",
                schema: "g2g");

            migrationBuilder.DropTable(
                name: "message_log",
                schema: "g2g");

            migrationBuilder.DropTable(
                name: "message_log_batches",
                schema: "g2g");

            migrationBuilder.DropTable(
                name: "data_services",
                schema: "g2g");
        }
    }
}
