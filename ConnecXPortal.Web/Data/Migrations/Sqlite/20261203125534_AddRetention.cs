using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConnecXPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_UserSessions_Ended",
                table: "UserSessions",
                column: "EndedAt",
                filter: "[EndedAt] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_UserSessions_Live_Expiry",
                table: "UserSessions",
                column: "ExpiresAt",
                filter: "[EndedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ThrottleSlots_UsedAt",
                table: "ThrottleSlots",
                column: "UsedAt");

            migrationBuilder.CreateIndex(
                name: "IX_StepUpVerifications_VerifiedAt",
                table: "StepUpVerifications",
                column: "VerifiedAt");

            migrationBuilder.CreateIndex(
                name: "IX_EmailCodeChallenges_SentAt",
                table: "EmailCodeChallenges",
                column: "SentAt");

            migrationBuilder.CreateIndex(
                name: "IX_AccountLinks_ExpiresAt",
                table: "AccountLinks",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_AccountLinks_UsedAt",
                table: "AccountLinks",
                column: "UsedAt",
                filter: "[UsedAt] IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_UserSessions_Ended",
                table: "UserSessions");

            migrationBuilder.DropIndex(
                name: "IX_UserSessions_Live_Expiry",
                table: "UserSessions");

            migrationBuilder.DropIndex(
                name: "IX_ThrottleSlots_UsedAt",
                table: "ThrottleSlots");

            migrationBuilder.DropIndex(
                name: "IX_StepUpVerifications_VerifiedAt",
                table: "StepUpVerifications");

            migrationBuilder.DropIndex(
                name: "IX_EmailCodeChallenges_SentAt",
                table: "EmailCodeChallenges");

            migrationBuilder.DropIndex(
                name: "IX_AccountLinks_ExpiresAt",
                table: "AccountLinks");

            migrationBuilder.DropIndex(
                name: "IX_AccountLinks_UsedAt",
                table: "AccountLinks");
        }
    }
}
