using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Manage.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using static ConnecXPortal.Tests.Infrastructure.ManageTestData;

namespace ConnecXPortal.Tests.Integration.Manage;

public sealed class EnrolmentDashboardTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static readonly DateTimeOffset BeforeCutover = Sydney(2024, 8, 10, 12);

    [Fact]
    public async Task Figures_CountResidentsActivatedEnrolledAndNotSignedInSinceTheCutover()
    {
        var building = await app.CreateManagedBuildingAsync();
        await app.AddResidentsAsync(building,
            new ResidentSpec("Ann", "Invited", Activated: false),
            new ResidentSpec("Ben", "NeverSignedIn"),
            new ResidentSpec("Cat", "SignedInBefore") { SignIns = [BeforeCutover] },
            new ResidentSpec("Dan", "Authenticator") { Factors = [(FactorKind.AuthenticatorApp, Sydney(2024, 8, 22, 0, 30))], SignIns = [Sydney(2024, 8, 22, 0, 30)] },
            new ResidentSpec("Eve", "Early") { Factors = [(FactorKind.Passkey, BeforeCutover), (FactorKind.EmailCode, Sydney(2024, 9, 1, 9))], SignIns = [Sydney(2024, 9, 1, 9)] },
            new ResidentSpec("Fay", "CutoverEvening") { Factors = [(FactorKind.EmailCode, Sydney(2024, 8, 21, 19))], SignIns = [Sydney(2024, 8, 21, 19)] });

        var figures = (await DashboardAsync(d => d.GetFiguresAsync(building)))!;

        figures.Summary.Should().BeEquivalentTo(new { Residents = 6, Activated = 5, Enrolled = 3, NotSignedInSinceCutover = 2, PercentEnrolled = 50.0 });
        figures.FactorMix.Should().Equal(
            new FactorKindCount(FactorKind.AuthenticatorApp, 1),
            new FactorKindCount(FactorKind.Passkey, 1),
            new FactorKindCount(FactorKind.EmailCode, 2));
        figures.EnrolledBeforeCutover.Should().Be(1, "Eve's first factor came before the cutover");
        figures.EnrolmentsPerDay.First().Day.Should().Be(new DateOnly(2024, 8, 21));
        figures.EnrolmentsPerDay.Last().Day.Should().Be(new DateOnly(2024, 10, 1), "the days run to today");
        figures.EnrolmentsPerDay.Should().HaveCount(42);
        figures.EnrolmentsPerDay.Where(d => d.Enrolments > 0).Should().Equal(
            new DailyEnrolments(new DateOnly(2024, 8, 21), 1),
            new DailyEnrolments(new DateOnly(2024, 8, 22), 1));
    }

    [Fact]
    public async Task Summaries_OfSeveralBuildings_AreOnePerBuilding_ByName()
    {
        var first = await app.CreateManagedBuildingAsync(name: "Aardvark Court");
        var second = await app.CreateManagedBuildingAsync(name: "Zebra Heights");
        await app.AddResidentsAsync(first, new ResidentSpec("Al", "One") { Factors = [(FactorKind.EmailCode, BeforeCutover)] });
        await app.AddResidentsAsync(second, new ResidentSpec("Bo", "Two", Activated: false), new ResidentSpec("Cy", "Three"));

        var summaries = await DashboardAsync(d => d.GetSummariesAsync([second, first]));

        summaries.Select(s => (s.Name, s.Residents, s.Activated, s.Enrolled, s.PercentEnrolled)).Should().Equal(
            ("Aardvark Court", 1, 1, 1, 100.0),
            ("Zebra Heights", 2, 1, 0, 0.0));
    }

    [Fact]
    public async Task ResidentTable_FiltersByStatusAndFactorKind_InTheDatabase()
    {
        var building = await app.CreateManagedBuildingAsync();
        await app.AddResidentsAsync(building,
            new ResidentSpec("Ann", "Invited", Activated: false),
            new ResidentSpec("Ben", "Waiting"),
            new ResidentSpec("Dan", "Authenticator") { Factors = [(FactorKind.AuthenticatorApp, BeforeCutover)] },
            new ResidentSpec("Eve", "Both") { Factors = [(FactorKind.Passkey, BeforeCutover), (FactorKind.EmailCode, BeforeCutover)] });

        (await NamesAsync(new ResidentQuery(building) { Status = AccountStatus.Invited })).Should().Equal("Ann Invited");
        (await NamesAsync(new ResidentQuery(building) { Status = AccountStatus.ActivatedWithoutFactor })).Should().Equal("Ben Waiting");
        (await NamesAsync(new ResidentQuery(building) { Status = AccountStatus.Enrolled })).Should().Equal("Dan Authenticator", "Eve Both");
        (await NamesAsync(new ResidentQuery(building) { FactorKind = FactorKind.EmailCode })).Should().Equal("Eve Both");
        (await NamesAsync(new ResidentQuery(building) { FactorKind = FactorKind.AuthenticatorApp, Status = AccountStatus.Enrolled })).Should().Equal("Dan Authenticator");
    }

    [Fact]
    public async Task ResidentTable_SearchesNameEmailAndUnit_IgnoringCase()
    {
        var building = await app.CreateManagedBuildingAsync();
        await app.AddResidentsAsync(building,
            new ResidentSpec("Zara", "Quill") { Unit = "1204" },
            new ResidentSpec("Yusuf", "Okafor") { Email = $"yusuf.{Guid.NewGuid():N}@QUILLMAIL.example.com", Unit = "7" },
            new ResidentSpec("Xavier", "Tan") { Unit = "50%" });

        (await NamesAsync(new ResidentQuery(building) { Search = "quill" })).Should().Equal("Yusuf Okafor", "Zara Quill");
        (await NamesAsync(new ResidentQuery(building) { Search = "zara q" })).Should().Equal("Zara Quill");
        (await NamesAsync(new ResidentQuery(building) { Search = "120" })).Should().Equal("Zara Quill");
        (await NamesAsync(new ResidentQuery(building) { Search = "%" })).Should().ContainSingle()
            .Which.Should().Be("Xavier Tan", "a typed % is a character, not a wildcard");
    }

    [Fact]
    public async Task ResidentTable_SortsAndPages_WithTheTotalOfAllMatches()
    {
        var building = await app.CreateManagedBuildingAsync();
        await app.AddResidentsAsync(building,
            new ResidentSpec("Ann", "Adams") { Unit = "3", SignIns = [Sydney(2024, 9, 3, 9)] },
            new ResidentSpec("Bob", "Brown") { Unit = "1", SignIns = [Sydney(2024, 9, 1, 9), Sydney(2024, 9, 9, 9)] },
            new ResidentSpec("Cal", "Clark") { Unit = "2" },
            new ResidentSpec("Dee", "Dunn") { Unit = "4", SignIns = [Sydney(2024, 9, 5, 9)] },
            new ResidentSpec("Eli", "Evans") { Unit = "5" });

        var page = await DashboardAsync(d => d.GetResidentsPageAsync(new ResidentQuery(building) { Sort = ResidentSort.Name, Descending = true, Page = 1, PageSize = 2 }));
        page.TotalCount.Should().Be(5);
        page.Rows.Select(r => r.Name).Should().Equal("Cal Clark", "Bob Brown");

        (await NamesAsync(new ResidentQuery(building) { Sort = ResidentSort.Unit })).Should().Equal("Bob Brown", "Cal Clark", "Ann Adams", "Dee Dunn", "Eli Evans");
        (await NamesAsync(new ResidentQuery(building) { Sort = ResidentSort.LastSignInAt, Descending = true }))
            .Take(3).Should().Equal("Bob Brown", "Dee Dunn", "Ann Adams");
        var bob = (await DashboardAsync(d => d.GetResidentsPageAsync(new ResidentQuery(building) { Search = "Bob" }))).Rows.Single();
        bob.LastSignInAt.Should().Be(Sydney(2024, 9, 9, 9));
    }

    [Fact]
    public async Task ResidentTable_ShowsStatusMethodsAndWhenEnrolled_NeverASecret()
    {
        var building = await app.CreateManagedBuildingAsync();
        await app.AddResidentsAsync(building,
            new ResidentSpec("Eve", "Both") { Factors = [(FactorKind.Passkey, Sydney(2024, 9, 2, 10)), (FactorKind.EmailCode, Sydney(2024, 9, 1, 8))] });

        var row = (await DashboardAsync(d => d.GetResidentsPageAsync(new ResidentQuery(building)))).Rows.Single();

        row.Status.Should().Be(AccountStatus.Enrolled);
        row.FactorKinds.Should().Equal(FactorKind.Passkey, FactorKind.EmailCode);
        row.EnrolledAt.Should().Be(Sydney(2024, 9, 1, 8), "enrolled is when the first factor was added");
        typeof(ResidentRow).GetProperties().Select(p => p.Name).Should().NotContain(n =>
            n.Contains("Password", StringComparison.Ordinal) || n.Contains("Key", StringComparison.Ordinal) || n.Contains("Credential", StringComparison.Ordinal));
    }

    private async Task<List<string>> NamesAsync(ResidentQuery query) =>
        [.. (await DashboardAsync(d => d.GetResidentsPageAsync(query with { PageSize = 100 }))).Rows.Select(r => r.Name)];

    private Task<T> DashboardAsync<T>(Func<EnrolmentDashboard, Task<T>> action) =>
        app.WithScopeAsync(services => action(services.GetRequiredService<EnrolmentDashboard>()));
}
