using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EGov.Citizens.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class CaseworkBlock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Applications: the case columns of the casework block; what a decision recorded is carried over.
            migrationBuilder.AddColumn<DateTimeOffset>(name: "closed_at", schema: "g2c", table: "applications", type: "timestamp with time zone", nullable: true);
            migrationBuilder.AddColumn<string>(name: "outcome", schema: "g2c", table: "applications", type: "character varying(20)", maxLength: 20, nullable: true);
            migrationBuilder.AddColumn<string>(name: "pending_transition", schema: "g2c", table: "applications", type: "character varying(40)", maxLength: 40, nullable: true);
            migrationBuilder.AddColumn<string>(name: "pending_approved_by", schema: "g2c", table: "applications", type: "character varying(200)", maxLength: 200, nullable: true);
            migrationBuilder.AddColumn<DateTimeOffset>(name: "pending_approved_at", schema: "g2c", table: "applications", type: "timestamp with time zone", nullable: true);
            migrationBuilder.Sql(
                "UPDATE g2c.applications SET outcome = status, closed_at = COALESCE(decided_at, updated_at) " +
                "WHERE status IN ('Approved', 'Rejected', 'Withdrawn')");
            migrationBuilder.DropColumn(name: "decided_at", schema: "g2c", table: "applications");
            migrationBuilder.AlterColumn<string>(
                name: "status", schema: "g2c", table: "applications", type: "character varying(40)", maxLength: 40, nullable: false,
                oldClrType: typeof(string), oldType: "character varying(30)", oldMaxLength: 30);
            migrationBuilder.AlterColumn<string>(
                name: "reference", schema: "g2c", table: "applications", type: "character varying(24)", maxLength: 24, nullable: false,
                oldClrType: typeof(string), oldType: "character varying(20)", oldMaxLength: 20);

            // Timeline: kinds become the block's kinds, the steps of the lifecycle name their transition.
            migrationBuilder.DropForeignKey(name: "fk_application_events_applications_application_id", schema: "g2c", table: "application_events");
            migrationBuilder.RenameColumn(name: "actor_role", schema: "g2c", table: "application_events", newName: "actor");
            migrationBuilder.RenameColumn(name: "status", schema: "g2c", table: "application_events", newName: "state");
            migrationBuilder.AddColumn<string>(name: "transition", schema: "g2c", table: "application_events", type: "character varying(40)", maxLength: 40, nullable: true);
            migrationBuilder.Sql(
                "UPDATE g2c.application_events SET actor = CASE actor WHEN 'citizen' THEN 'Applicant' WHEN 'caseworker' THEN 'Staff' ELSE 'System' END");
            migrationBuilder.Sql(
                "UPDATE g2c.application_events SET transition = CASE kind " +
                "WHEN 'review-started' THEN 'start-review' WHEN 'information-requested' THEN 'request-information' " +
                "WHEN 'information-provided' THEN 'provide-information' WHEN 'approved' THEN 'approve' " +
                "WHEN 'rejected' THEN 'reject' WHEN 'withdrawn' THEN 'withdraw' END");
            migrationBuilder.Sql(
                "UPDATE g2c.application_events SET kind = CASE " +
                "WHEN transition IS NOT NULL THEN 'Transition' WHEN kind = 'submitted' THEN 'Submitted' WHEN kind = 'assigned' THEN 'Assigned' " +
                "WHEN kind = 'attachment-added' THEN 'AttachmentAdded' WHEN kind = 'overdue' THEN 'Overdue' ELSE kind END");
            migrationBuilder.AlterColumn<string>(
                name: "kind", schema: "g2c", table: "application_events", type: "character varying(30)", maxLength: 30, nullable: false,
                oldClrType: typeof(string), oldType: "character varying(50)", oldMaxLength: 50);
            migrationBuilder.AlterColumn<string>(
                name: "actor", schema: "g2c", table: "application_events", type: "character varying(20)", maxLength: 20, nullable: false,
                oldClrType: typeof(string), oldType: "character varying(30)", oldMaxLength: 30);
            migrationBuilder.AlterColumn<string>(
                name: "state", schema: "g2c", table: "application_events", type: "character varying(40)", maxLength: 40, nullable: false,
                oldClrType: typeof(string), oldType: "character varying(30)", oldMaxLength: 30);
            migrationBuilder.AddForeignKey(
                name: "fk_application_events_applications_case_id", schema: "g2c", table: "application_events", column: "application_id",
                principalSchema: "g2c", principalTable: "applications", principalColumn: "id", onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(name: "fk_application_events_applications_case_id", schema: "g2c", table: "application_events");
            migrationBuilder.Sql(
                "UPDATE g2c.application_events SET kind = CASE transition " +
                "WHEN 'start-review' THEN 'review-started' WHEN 'request-information' THEN 'information-requested' " +
                "WHEN 'provide-information' THEN 'information-provided' WHEN 'approve' THEN 'approved' " +
                "WHEN 'reject' THEN 'rejected' WHEN 'withdraw' THEN 'withdrawn' ELSE CASE kind " +
                "WHEN 'Submitted' THEN 'submitted' WHEN 'Assigned' THEN 'assigned' WHEN 'AttachmentAdded' THEN 'attachment-added' " +
                "WHEN 'Overdue' THEN 'overdue' ELSE lower(kind) END END");
            migrationBuilder.Sql(
                "UPDATE g2c.application_events SET actor = CASE actor WHEN 'Applicant' THEN 'citizen' WHEN 'Staff' THEN 'caseworker' ELSE 'system' END");
            migrationBuilder.DropColumn(name: "transition", schema: "g2c", table: "application_events");
            migrationBuilder.RenameColumn(name: "state", schema: "g2c", table: "application_events", newName: "status");
            migrationBuilder.RenameColumn(name: "actor", schema: "g2c", table: "application_events", newName: "actor_role");
            migrationBuilder.AddForeignKey(
                name: "fk_application_events_applications_application_id", schema: "g2c", table: "application_events", column: "application_id",
                principalSchema: "g2c", principalTable: "applications", principalColumn: "id", onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddColumn<DateTimeOffset>(name: "decided_at", schema: "g2c", table: "applications", type: "timestamp with time zone", nullable: true);
            migrationBuilder.Sql("UPDATE g2c.applications SET decided_at = closed_at WHERE outcome IN ('Approved', 'Rejected')");
            migrationBuilder.DropColumn(name: "closed_at", schema: "g2c", table: "applications");
            migrationBuilder.DropColumn(name: "outcome", schema: "g2c", table: "applications");
            migrationBuilder.DropColumn(name: "pending_transition", schema: "g2c", table: "applications");
            migrationBuilder.DropColumn(name: "pending_approved_by", schema: "g2c", table: "applications");
            migrationBuilder.DropColumn(name: "pending_approved_at", schema: "g2c", table: "applications");
        }
    }
}
