using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace ConnecXPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CutoverSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CutoverPhases",
                columns: table => new
                {
                    Client = table.Column<int>(type: "INTEGER", nullable: false),
                    AppliedThrough = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstRunAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRunAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SessionsEnded = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CutoverPhases", x => x.Client);
                });

            migrationBuilder.CreateTable(
                name: "CutoverRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Client = table.Column<int>(type: "INTEGER", nullable: false),
                    FromPosition = table.Column<int>(type: "INTEGER", nullable: false),
                    ToPosition = table.Column<int>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SessionsEnded = table.Column<int>(type: "INTEGER", nullable: false),
                    Instance = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CutoverRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UserSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Client = table.Column<int>(type: "INTEGER", nullable: false),
                    Brand = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Device = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    AppVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SignInMethod = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndReason = table.Column<int>(type: "INTEGER", nullable: true),
                    EndedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    SpreadPosition = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UserSessions_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "CutoverPhases",
                columns: new[] { "Client", "AppliedThrough", "CompletedAt", "FirstRunAt", "LastRunAt", "SessionsEnded" },
                values: new object[,]
                {
                    { 1, 0, null, null, null, 0 },
                    { 2, 0, null, null, null, 0 },
                    { 3, 0, null, null, null, 0 },
                    { 4, 0, null, null, null, 0 }
                });

            migrationBuilder.CreateIndex(
                name: "IX_CutoverRuns_Client_FromPosition",
                table: "CutoverRuns",
                columns: new[] { "Client", "FromPosition" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UserSessions_CreatedAt_SignInMethod_UserId",
                table: "UserSessions",
                columns: new[] { "CreatedAt", "SignInMethod", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_UserSessions_Live_Cutover",
                table: "UserSessions",
                columns: new[] { "Client", "SpreadPosition", "CreatedAt" },
                filter: "[EndedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_UserSessions_UserId_LastSeenAt",
                table: "UserSessions",
                columns: new[] { "UserId", "LastSeenAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CutoverPhases");

            migrationBuilder.DropTable(
                name: "CutoverRuns");

            migrationBuilder.DropTable(
                name: "UserSessions");
        }
    }
}
