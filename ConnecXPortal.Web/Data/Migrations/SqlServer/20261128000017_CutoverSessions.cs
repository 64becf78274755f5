using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace ConnecXPortal.Web.Data.Migrations.SqlServer
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
                    Client = table.Column<int>(type: "int", nullable: false),
                    AppliedThrough = table.Column<int>(type: "int", nullable: false),
                    FirstRunAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LastRunAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    SessionsEnded = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CutoverPhases", x => x.Client);
                });

            migrationBuilder.CreateTable(
                name: "CutoverRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Client = table.Column<int>(type: "int", nullable: false),
                    FromPosition = table.Column<int>(type: "int", nullable: false),
                    ToPosition = table.Column<int>(type: "int", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    SessionsEnded = table.Column<int>(type: "int", nullable: false),
                    Instance = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CutoverRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UserSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UserId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Client = table.Column<int>(type: "int", nullable: false),
                    Brand = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    Device = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    DeviceId = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    AppVersion = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    IpAddress = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    SignInMethod = table.Column<int>(type: "int", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    EndReason = table.Column<int>(type: "int", nullable: true),
                    EndedById = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    SpreadPosition = table.Column<int>(type: "int", nullable: false)
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
