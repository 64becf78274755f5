using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConnecXPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CutoverControls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "EndsAt",
                table: "CutoverPhases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PausedAt",
                table: "CutoverPhases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PausedFor",
                table: "CutoverPhases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "SpreadFrom",
                table: "CutoverPhases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "StartsAt",
                table: "CutoverPhases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "CutoverPhases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.UpdateData(
                table: "CutoverPhases",
                keyColumn: "Client",
                keyValue: 1,
                columns: new[] { "EndsAt", "PausedAt", "PausedFor", "SpreadFrom", "StartsAt", "Version" },
                values: new object[] { null, null, 0L, null, null, 0 });

            migrationBuilder.UpdateData(
                table: "CutoverPhases",
                keyColumn: "Client",
                keyValue: 2,
                columns: new[] { "EndsAt", "PausedAt", "PausedFor", "SpreadFrom", "StartsAt", "Version" },
                values: new object[] { null, null, 0L, null, null, 0 });

            migrationBuilder.UpdateData(
                table: "CutoverPhases",
                keyColumn: "Client",
                keyValue: 3,
                columns: new[] { "EndsAt", "PausedAt", "PausedFor", "SpreadFrom", "StartsAt", "Version" },
                values: new object[] { null, null, 0L, null, null, 0 });

            migrationBuilder.UpdateData(
                table: "CutoverPhases",
                keyColumn: "Client",
                keyValue: 4,
                columns: new[] { "EndsAt", "PausedAt", "PausedFor", "SpreadFrom", "StartsAt", "Version" },
                values: new object[] { null, null, 0L, null, null, 0 });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EndsAt",
                table: "CutoverPhases");

            migrationBuilder.DropColumn(
                name: "PausedAt",
                table: "CutoverPhases");

            migrationBuilder.DropColumn(
                name: "PausedFor",
                table: "CutoverPhases");

            migrationBuilder.DropColumn(
                name: "SpreadFrom",
                table: "CutoverPhases");

            migrationBuilder.DropColumn(
                name: "StartsAt",
                table: "CutoverPhases");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "CutoverPhases");
        }
    }
}
