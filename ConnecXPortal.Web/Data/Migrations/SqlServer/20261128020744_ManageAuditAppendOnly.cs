using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConnecXPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ManageAuditAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit log is append-only in the database too, whatever writes to it (EF Core has no triggers: by hand).
            // EXEC, because CREATE TRIGGER must start a batch, and the idempotent script wraps each migration in IF … BEGIN.
            migrationBuilder.Sql("""
                EXEC(N'CREATE TRIGGER [TR_AuditEvents_AppendOnly] ON [AuditEvents] INSTEAD OF UPDATE, DELETE AS
                BEGIN
                    SET NOCOUNT ON;
                    THROW 51000, ''The audit log is append-only: audit events cannot be changed or deleted.'', 1;
                END');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [TR_AuditEvents_AppendOnly];");
        }
    }
}
