using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConnecXPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ManageAuditAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit log is append-only in the database too, whatever writes to it (EF Core has no triggers: by hand).
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEvents_AppendOnly_NoUpdate" BEFORE UPDATE ON "AuditEvents"
                BEGIN
                    SELECT RAISE(ABORT, 'The audit log is append-only: audit events cannot be changed.');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEvents_AppendOnly_NoDelete" BEFORE DELETE ON "AuditEvents"
                BEGIN
                    SELECT RAISE(ABORT, 'The audit log is append-only: audit events cannot be deleted.');
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEvents_AppendOnly_NoUpdate";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEvents_AppendOnly_NoDelete";""");
        }
    }
}
