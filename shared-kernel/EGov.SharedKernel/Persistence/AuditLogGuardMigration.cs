using Microsoft.EntityFrameworkCore.Migrations;

namespace EGov.SharedKernel.Persistence;

/// <summary>Migration steps every module's first migration runs for the shared tables.</summary>
public static class PlatformMigrations
{
    /// <summary>
    /// Makes the module's audit log append-only in the database itself: UPDATE, DELETE and TRUNCATE raise an
    /// error for every role the application uses (only a superuser disabling the triggers can get past it, and the
    /// hash chain then shows what was touched).
    /// </summary>
    public static void CreateAuditLogGuard(this MigrationBuilder migrationBuilder, string schema)
    {
        SchemaName.EnsureValid(schema);
        migrationBuilder.Sql(
            $"""
             CREATE OR REPLACE FUNCTION {schema}.audit_log_append_only() RETURNS trigger
             LANGUAGE plpgsql AS $fn$
             BEGIN
               RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
             END;
             $fn$;
             DROP TRIGGER IF EXISTS audit_log_no_change ON {schema}.audit_log;
             CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON {schema}.audit_log
               FOR EACH ROW EXECUTE FUNCTION {schema}.audit_log_append_only();
             DROP TRIGGER IF EXISTS audit_log_no_truncate ON {schema}.audit_log;
             CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON {schema}.audit_log
               FOR EACH STATEMENT EXECUTE FUNCTION {schema}.audit_log_append_only();
             """);
    }

    public static void DropAuditLogGuard(this MigrationBuilder migrationBuilder, string schema) =>
        migrationBuilder.Sql($"DROP FUNCTION IF EXISTS {SchemaName.EnsureValid(schema)}.audit_log_append_only()");
}
