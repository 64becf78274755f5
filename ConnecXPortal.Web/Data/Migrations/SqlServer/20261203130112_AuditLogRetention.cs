using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConnecXPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AuditLogRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Audit retention on SQL Server: deletes pass the append-only trigger only inside PurgeAuditEvents, which
            // sets SESSION_CONTEXT('audit_retention'), and only for rows at least 90 days old by the server's clock.
            // EXEC, because CREATE/ALTER of a trigger or procedure must start a batch (the idempotent script wraps it).
            migrationBuilder.Sql("""
                EXEC(N'ALTER TRIGGER [TR_AuditEvents_AppendOnly] ON [AuditEvents] INSTEAD OF UPDATE, DELETE AS
                BEGIN
                    SET NOCOUNT ON;
                    IF EXISTS (SELECT 1 FROM inserted)
                        OR ISNULL(CAST(SESSION_CONTEXT(N''audit_retention'') AS int), 0) <> 1
                        OR EXISTS (SELECT 1 FROM deleted WHERE [At] >= DATEADD(day, -90, SYSDATETIMEOFFSET()))
                    BEGIN
                        THROW 51000, ''The audit log is append-only: audit events cannot be changed or deleted.'', 1;
                    END;
                    DELETE FROM [AuditEvents] WHERE [Id] IN (SELECT [Id] FROM deleted);
                END');
                """);
            migrationBuilder.Sql("""
                EXEC(N'CREATE PROCEDURE [dbo].[PurgeAuditEvents] @Cutoff datetimeoffset, @BatchSize int, @Deleted int OUTPUT AS
                BEGIN
                    SET NOCOUNT ON;
                    IF @BatchSize < 1 OR @BatchSize > 4000
                    BEGIN
                        THROW 51001, ''PurgeAuditEvents deletes between 1 and 4000 audit events at a time.'', 1;
                    END;
                    IF @Cutoff > DATEADD(day, -90, SYSDATETIMEOFFSET())
                    BEGIN
                        THROW 51002, ''The audit log keeps at least 90 days: the cutoff must be 90 days ago or earlier.'', 1;
                    END;
                    DECLARE @ids TABLE ([Id] bigint PRIMARY KEY);
                    INSERT INTO @ids ([Id]) SELECT TOP (@BatchSize) [Id] FROM [AuditEvents] WHERE [At] < @Cutoff ORDER BY [At];
                    EXEC sp_set_session_context @key = N''audit_retention'', @value = 1;
                    BEGIN TRY
                        DELETE FROM [AuditEvents] WHERE [Id] IN (SELECT [Id] FROM @ids);
                        SELECT @Deleted = COUNT(*) FROM @ids;
                        EXEC sp_set_session_context @key = N''audit_retention'', @value = NULL;
                    END TRY
                    BEGIN CATCH
                        EXEC sp_set_session_context @key = N''audit_retention'', @value = NULL;
                        THROW;
                    END CATCH;
                END');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP PROCEDURE IF EXISTS [dbo].[PurgeAuditEvents];");
            migrationBuilder.Sql("""
                EXEC(N'ALTER TRIGGER [TR_AuditEvents_AppendOnly] ON [AuditEvents] INSTEAD OF UPDATE, DELETE AS
                BEGIN
                    SET NOCOUNT ON;
                    THROW 51000, ''The audit log is append-only: audit events cannot be changed or deleted.'', 1;
                END');
                """);
        }
    }
}
