using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConnecXPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditLogRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Audit retention on SQLite: no procedures and no session state, so a guard table. A purge batch inserts a
            // grant with its cutoff, deletes, and removes the grant in the same transaction. The delete trigger allows
            // only rows older than a grant's cutoff, and only a cutoff at least 90 days ago by SQLite's own clock
            // (UTC ticks, as the model stores instants: 621355968000000000 is 1970-01-01, 77760000000000 is 90 days).
            migrationBuilder.Sql("""
                CREATE TABLE "AuditRetentionGrants" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditRetentionGrants" PRIMARY KEY,
                    "Cutoff" INTEGER NOT NULL
                );
                """);
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEvents_AppendOnly_NoDelete";""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEvents_AppendOnly_NoDelete" BEFORE DELETE ON "AuditEvents"
                WHEN NOT EXISTS (
                    SELECT 1 FROM "AuditRetentionGrants" AS "g"
                    WHERE OLD."At" < "g"."Cutoff"
                      AND "g"."Cutoff" <= CAST((julianday('now') - 2440587.5) * 864000000000 AS INTEGER) + 621355968000000000 - 77760000000000)
                BEGIN
                    SELECT RAISE(ABORT, 'The audit log is append-only: audit events cannot be deleted.');
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEvents_AppendOnly_NoDelete";""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEvents_AppendOnly_NoDelete" BEFORE DELETE ON "AuditEvents"
                BEGIN
                    SELECT RAISE(ABORT, 'The audit log is append-only: audit events cannot be deleted.');
                END;
                """);
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "AuditRetentionGrants";""");
        }
    }
}
