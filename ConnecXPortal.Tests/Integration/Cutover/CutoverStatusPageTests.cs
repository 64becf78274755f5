using System.Net;
using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Cutover;

/// <summary>Support's cutover page on 25 August 2024: the portal phase done, Android under way, iOS and white-label to come.</summary>
public sealed class CutoverStatusPageTests(CutoverStatusPageTests.App app) : IClassFixture<CutoverStatusPageTests.App>
{
    private static readonly TimeSpan Sydney = TimeSpan.FromHours(10);
    private static readonly DateTimeOffset PortalCutover = new(2024, 8, 21, 18, 0, 0, Sydney);
    private static readonly DateTimeOffset Before = new(2024, 8, 20, 9, 0, 0, Sydney);
    private static readonly DateTimeOffset MidAndroid = new(2024, 8, 25, 12, 0, 0, Sydney);

    [Fact]
    public async Task Support_SeesEachPhase_ItsDueTime_WhenItRan_AndTheSessionsItEnded()
    {
        await app.ArrangeAsync();
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, DemoAccounts.Support, DemoDataSeeder.DemoAuthenticatorKey);

        var page = await client.GetAsync("/support/cutover");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Heading.Should().Be("MFA cutover");
        var rows = page.Document.QuerySelectorAll("tr[data-phase]").ToDictionary(
            r => r.GetAttribute("data-phase")!,
            r => r.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()).ToArray());
        rows["Portal"].Should().Equal("Portal", "21 Aug 2024, 6:00 pm", "Applied", "25 Aug 2024, 12:00 pm", "25 Aug 2024, 12:00 pm", "1", "4", "0");
        var android = rows["Android"];
        android[0..2].Should().Equal("Android app", "22 Aug 2024, 12:00 am to 29 Aug 2024, 12:00 am");
        android[2].Should().Be($"In progress: {app.AndroidDue * 100 / CutoverSpread.Resolution}% of users");
        android[6..].Should().Equal(app.AndroidEnded.ToString(), (5 - app.AndroidEnded).ToString());
        rows["Ios"].Should().Equal("iOS app", "29 Aug 2024, 12:00 am to 5 Sept 2024, 12:00 am", "Not yet due", "Not yet", "Not yet", "0", "0", "2");
        rows["WhiteLabel"][0..3].Should().Equal("White-label app", "5 Sept 2024, 12:00 am to 11 Sept 2024, 6:00 pm", "Not yet due");
    }

    [Fact]
    public async Task Support_SeesWhoHasSignedInWithASecondFactor_AndWhoStillHasNone()
    {
        var expectedWithout = await app.ArrangeAsync();
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, DemoAccounts.Support, DemoDataSeeder.DemoAuthenticatorKey);

        var page = await client.GetAsync("/support/cutover");

        page.Document.QuerySelector("[data-testid=users-with-second-factor]")!.TextContent.Should().Be("3",
            "two arranged users and the support user signed in with a second factor after the cutover; password-only " +
            "and pre-cutover sign-ins do not count");
        page.Document.QuerySelector("[data-testid=users-without-factor]")!.TextContent.Should().Be(expectedWithout.ToString());
    }

    [Fact]
    public async Task Residents_CannotOpenTheCutoverPage()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);

        var response = await client.GetAsync("/support/cutover");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Location!.AbsolutePath.Should().Be("/account/access-denied");
    }

    public sealed class App : CutoverEveAppFactory
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private int? withoutFactor;

        public App() => this.WithoutCutoverJob();

        public int AndroidDue { get; private set; }

        public int AndroidEnded { get; private set; }

        /// <summary>Arranges the scenario once and returns how many activated users should show as having no factor.</summary>
        public async Task<int> ArrangeAsync()
        {
            await gate.WaitAsync();
            try
            {
                return withoutFactor ??= await ArrangeOnceAsync();
            }
            finally
            {
                gate.Release();
            }
        }

        private async Task<int> ArrangeOnceAsync()
        {
            var users = await this.AddUsersAsync(10);
            await this.AddSessionsAsync(users.Take(3).Select(u => SessionTestData.NewSession(u, SessionClient.Portal, Before)));
            await this.AddSessionsAsync(users.Skip(3).Take(4).Select(u => SessionTestData.NewSession(u, SessionClient.Android, Before)));
            await this.AddSessionsAsync(users.Skip(7).Take(2).Select(u => SessionTestData.NewSession(u, SessionClient.Ios, Before)));
            await this.AddSessionsAsync(
            [
                SessionTestData.NewSession(users[0], SessionClient.Portal, PortalCutover.AddHours(1), SignInMethod.PasswordAndAuthenticatorApp),
                SessionTestData.NewSession(users[0], SessionClient.Android, PortalCutover.AddHours(2), SignInMethod.Passkey),
                SessionTestData.NewSession(users[1], SessionClient.Portal, PortalCutover.AddHours(3), SignInMethod.PasswordAndEmailCode),
                SessionTestData.NewSession(users[2], SessionClient.Portal, PortalCutover.AddHours(3), SignInMethod.Password),
                // Verified with a factor, but before the cutover: it does not count, and the portal phase ends it (the 4th).
                SessionTestData.NewSession(users[3], SessionClient.Portal, Before, SignInMethod.PasswordAndAuthenticatorApp),
            ]);

            Clock.SetUtcNow(MidAndroid);
            await this.RunCutoverAsync();
            var android = Services.GetRequiredService<CutoverSchedule>().PhaseFor(SessionClient.Android)!;
            AndroidDue = android.PositionsDueAt(MidAndroid);
            // Five Android sessions predate the Android phase: users 3 to 6, and user 0's (after the portal cutover, but before it).
            AndroidEnded = users.Skip(3).Take(4).Append(users[0]).Count(u => CutoverSpread.PositionOf(u) < AndroidDue);

            var activated = await WithScopeAsync(async services => await services.GetRequiredService<PortalDbContext>().Users
                .Where(u => u.ActivatedAt != null && !services.GetRequiredService<PortalDbContext>().UserFactors.Any(f => f.UserId == u.Id))
                .OrderBy(u => u.Email).Select(u => u.Email!).Take(2).ToListAsync());
            await this.AddAuthenticatorAsync(activated[0]);
            await this.AddEmailFactorAsync(activated[1]);

            // Counted here without the portal's query: every activated user, less those holding at least one factor row.
            return await WithScopeAsync(async services =>
            {
                var db = services.GetRequiredService<PortalDbContext>();
                var activatedIds = await db.Users.Where(u => u.ActivatedAt != null).Select(u => u.Id).ToListAsync();
                var withFactor = (await db.UserFactors.Select(f => f.UserId).ToListAsync()).ToHashSet();
                return activatedIds.Count(id => !withFactor.Contains(id));
            });
        }
    }
}
