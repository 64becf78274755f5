using System.Net;
using System.Text;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Manage;
using ConnecXPortal.Web.Features.Manage.Dashboard;
using Microsoft.EntityFrameworkCore;
using static ConnecXPortal.Tests.Infrastructure.ManageTestData;

namespace ConnecXPortal.Tests.Integration.Manage;

public sealed class ResidentExportTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Export_HasAHeader_AndARowPerResident_InTheTablesOrder_WithSydneyTimes()
    {
        var building = await app.CreateManagedBuildingAsync(name: "Export Court");
        await app.AddResidentsAsync(building,
            new ResidentSpec("Bea", "Brown", Activated: false) { Email = "bea.brown@export.example.com", Unit = "2" },
            new ResidentSpec("Al", "Adams") { Email = "al.adams@export.example.com", Unit = "1", SignIns = [Sydney(2024, 9, 2, 8, 15)] },
            new ResidentSpec("Cy", "Clark, Jr")
            {
                Email = "cy.clark@export.example.com",
                Unit = "3",
                Factors = [(FactorKind.AuthenticatorApp, Sydney(2024, 8, 22, 10)), (FactorKind.EmailCode, Sydney(2024, 8, 23, 10))]
            });
        using var client = await app.SignedInClientAsync(DemoAccounts.Manager);

        var response = await client.Http.GetAsync(ManageRoutes.Export(new ResidentQuery(building)));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/csv; charset=utf-8");
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("export-court-residents-2024-10-01.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().Equal(Encoding.UTF8.Preamble.ToArray(), "spreadsheets read the names as UTF-8");
        Encoding.UTF8.GetString(bytes[3..]).Should().Be(
            "First name,Last name,Email,Unit,Status,Verification methods,Enrolled,Last signed in,Last reminded\r\n" +
            "Al,Adams,al.adams@export.example.com,1,\"Activated, not enrolled\",,,2024-09-02 08:15,\r\n" +
            "Bea,Brown,bea.brown@export.example.com,2,Invited,,,,\r\n" +
            "Cy,\"Clark, Jr\",cy.clark@export.example.com,3,Enrolled,\"Authenticator app; Email code\",2024-08-22 10:00,,\r\n");
    }

    [Fact]
    public async Task Export_KeepsTheFiltersAndOrder_AndNeutralisesFormulas()
    {
        var building = await app.CreateManagedBuildingAsync();
        await app.AddResidentsAsync(building,
            new ResidentSpec("=HYPERLINK(\"http://evil.example\",\"Click\")", "Mallory") { Email = "mallory@export.example.com", Unit = "+1" },
            new ResidentSpec("@Eve", "-Evans") { Email = "eve@export.example.com" },
            new ResidentSpec("Not", "Included") { Factors = [(FactorKind.EmailCode, Sydney(2024, 9, 1, 9))] });
        using var client = await app.SignedInClientAsync(DemoAccounts.Manager);

        var csv = await client.Http.GetStringAsync(ManageRoutes.Export(new ResidentQuery(building)
        {
            Status = AccountStatus.ActivatedWithoutFactor,
            Sort = ResidentSort.Email,
            Descending = true,
        }));

        csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Should().Equal(
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",Mallory,mallory@export.example.com,'+1,\"Activated, not enrolled\",,,,",
            "'@Eve,'-Evans,eve@export.example.com,101,\"Activated, not enrolled\",,,,");
    }

    [Fact]
    public async Task Export_IsAudited_WithTheManagerTheBuildingAndHowManyRows()
    {
        var building = await app.CreateManagedBuildingAsync(name: "Audited Tower");
        await app.AddResidentsAsync(building, new ResidentSpec("One", "Resident"), new ResidentSpec("Two", "Resident", Activated: false));
        using var client = await app.SignedInClientAsync(DemoAccounts.Manager);

        (await client.Http.GetAsync(ManageRoutes.Export(new ResidentQuery(building) { Status = AccountStatus.Invited }))).EnsureSuccessStatusCode();

        await using var db = app.CreateDbContext();
        var exported = await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.ResidentsExported && e.BuildingId == building);
        exported.ActorEmail.Should().Be(DemoAccounts.Manager);
        exported.IpAddress.Should().Be("127.0.0.1");
        exported.Details.Should().Be("Exported 1 residents of Audited Tower as CSV (status Invited).");
    }

    [Theory]
    [InlineData("status=Somewhere")]
    [InlineData("kind=Fingerprint")]
    [InlineData("sort=Height")]
    [InlineData("status=2")]
    public async Task Export_WithAFilterItDoesNotKnow_AnswersAProblem_NotAFile(string query)
    {
        var building = await app.CreateManagedBuildingAsync();
        using var client = await app.SignedInClientAsync(DemoAccounts.Manager);

        var response = await client.Http.GetAsync($"/manage/buildings/{building}/residents.csv?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"code\":\"export-invalid-filter\"");
    }
}
