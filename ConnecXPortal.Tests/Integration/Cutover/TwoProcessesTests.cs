using System.Globalization;
using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Browser;
using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors.Totp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Integration.Cutover;

/// <summary>
/// Two portal processes on one SQLite file, on the real clock, in the middle of a ten-minute Android phase: support
/// signs in on A and is signed in on B, pauses the phase on A, and neither process's job ends a session until support
/// resumes it on B; every range of the spread is applied once, by one of them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TwoProcessesTests(BrowserFixture browser) : IAsyncLifetime
{
    private const int Users = 600;
    private static readonly TimeSpan JobInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan AndroidStarts = TimeSpan.FromSeconds(-30);
    private static readonly TimeSpan IosStarts = TimeSpan.FromMinutes(9.5);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "connecx-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(directory, "portal.db");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [BrowserFact]
    public async Task ACookieFromOne_IsAcceptedByTheOther_APauseOnOne_StopsBothJobs_AndEachRangeIsAppliedOnce()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var android = new CutoverPhase(SessionClient.Android, now + AndroidStarts, now + IosStarts);
        var settings = Settings(now);
        await using var a = await PortalProcess.StartAsync(settings);
        await ArrangeAndroidSessionsAsync();
        await using var b = await PortalProcess.StartAsync(settings);
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = a.Address.ToString() });
        var page = await context.NewPageAsync();

        var signIn = new SignInPageObject(page);
        await signIn.GotoAsync();
        await signIn.SignInAsync(DemoAccounts.Support, DemoAccounts.Password);
        await new ChallengePageObject(page).EnterCodeAsync(AuthenticatorApp.CodeAt(DemoAccounts.AuthenticatorKey, DateTimeOffset.UtcNow));
        await Expect(new PortalShell(page).Heading).ToHaveTextAsync("Welcome, Sam");

        // The sign-in cookie A issued opens support's page on B: B reads it with the key ring A wrote to the database.
        await OpenCutoverPageAsync(page, b);

        // Both jobs end Android sessions as the spread comes due, each claiming the ranges the other has not.
        await EventuallyAsync(async () => (await AndroidRunsAsync()).Where(r => r.SessionsEnded > 0).Select(r => r.Instance).Distinct().Count() == 2,
            () => $"both processes to apply a range\nA:\n{a.Output}\nB:\n{b.Output}");

        await OpenCutoverPageAsync(page, a);
        await page.GetByLabel("Reason for the change").FillAsync("Support lines flooded after the Android release.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause the Android app phase" }).ClickAsync();
        await Expect(page.GetByTestId("control-status")).ToHaveTextAsync("Paused the Android app phase. It logs nobody out until it is resumed.");
        var pausedAt = await PausedAtAsync();
        var dueAtPause = (android with { PausedAt = pausedAt }).PositionsDueAt(DateTimeOffset.UtcNow);
        dueAtPause.Should().BeLessThan(CutoverSpread.Resolution / 2);

        // Three job intervals: each process's job has run at least twice with the pause in the database. Users whose
        // turn came before the pause are logged out; nobody whose turn comes after it is.
        await Task.Delay(3 * JobInterval);
        var endedAtPause = await EndedAndroidSessionsAsync();
        (await AndroidRunsAsync()).Should().OnlyContain(r => r.ToPosition <= dueAtPause, "neither process's job applies a position due after the pause");
        (await EndedAndroidPositionsAsync()).Should().OnlyContain(p => p < dueAtPause);

        await OpenCutoverPageAsync(page, b);
        await page.GetByLabel("Reason for the change").FillAsync("Support has caught up with the calls.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume the Android app phase" }).ClickAsync();
        await Expect(page.GetByTestId("control-status")).ToContainTextAsync("Resumed the Android app phase where it stopped.");
        await EventuallyAsync(async () => await EndedAndroidSessionsAsync() > endedAtPause, () => $"sessions to end after the resume\nA:\n{a.Output}\nB:\n{b.Output}");

        var runs = (await AndroidRunsAsync()).OrderBy(r => r.FromPosition).ToList();
        runs.Zip(runs.Skip(1)).Should().OnlyContain(p => p.First.ToPosition == p.Second.FromPosition,
            "the ranges follow each other with no overlap and no gap, whichever process claimed them");
        runs.Sum(r => r.SessionsEnded).Should().Be(await EndedAndroidSessionsAsync(), "each ended session was ended by exactly one range");
        runs.Select(r => r.Instance).Distinct().Should().BeSubsetOf([a.Instance, b.Instance]);
    }

    /// <summary>A ten-minute Android phase that started half a minute ago; the portal cutover an hour ago.</summary>
    private Dictionary<string, string> Settings(DateTimeOffset now)
    {
        var sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");
        string Local(TimeSpan offset) => TimeZoneInfo.ConvertTime(now + offset, sydney).DateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return new()
        {
            ["ConnectionStrings:Portal"] = $"Data Source={DatabasePath}",
            ["DemoData:Enabled"] = "true",
            ["Retention:Enabled"] = "false",
            ["Cutover:PortalCutover"] = Local(TimeSpan.FromHours(-1)),
            ["Cutover:AndroidFrom"] = Local(AndroidStarts),
            ["Cutover:IosFrom"] = Local(IosStarts),
            ["Cutover:WhiteLabelFrom"] = Local(TimeSpan.FromDays(1)),
            ["Cutover:AppsFinishBy"] = Local(TimeSpan.FromDays(2)),
            ["Cutover:JobInterval"] = JobInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Logging:LogLevel:ConnecXPortal.Web.Features.Cutover"] = "Information",
        };
    }

    private static async Task OpenCutoverPageAsync(IPage page, PortalProcess portal)
    {
        await page.GotoAsync(new Uri(portal.Address, "support/cutover").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("MFA cutover");
        await new PortalShell(page).WaitForInteractiveAsync();
    }

    private async Task ArrangeAndroidSessionsAsync()
    {
        await using var db = OpenDatabase();
        var createdAt = DateTimeOffset.UtcNow.AddDays(-10);
        for (var i = 0; i < Users; i++)
        {
            var email = $"spread-{Guid.NewGuid():N}@tests.example.com";
            var user = new PortalUser
            {
                Id = Guid.CreateVersion7(),
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                SecurityStamp = Guid.NewGuid().ToString("N"),
                GivenName = "Spread",
                FamilyName = $"User {i}",
                CreatedAt = createdAt,
            };
            db.Users.Add(user);
            db.UserSessions.Add(SessionTestData.NewSession(user.Id, SessionClient.Android, createdAt));
        }

        await db.SaveChangesAsync();
    }

    private async Task<int> EndedAndroidSessionsAsync()
    {
        await using var db = OpenDatabase();
        return await db.UserSessions.CountAsync(s => s.Client == SessionClient.Android && s.EndReason == SessionEndReason.MfaCutover);
    }

    private async Task<List<int>> EndedAndroidPositionsAsync()
    {
        await using var db = OpenDatabase();
        return await db.UserSessions.Where(s => s.Client == SessionClient.Android && s.EndReason == SessionEndReason.MfaCutover)
            .Select(s => s.SpreadPosition).ToListAsync();
    }

    private async Task<DateTimeOffset> PausedAtAsync()
    {
        await using var db = OpenDatabase();
        return (await db.CutoverPhases.SingleAsync(p => p.Client == SessionClient.Android)).PausedAt
            ?? throw new InvalidOperationException("The Android phase is not paused.");
    }

    private async Task<List<CutoverRunRow>> AndroidRunsAsync()
    {
        await using var db = OpenDatabase();
        return await db.CutoverRuns.Where(r => r.Client == SessionClient.Android)
            .Select(r => new CutoverRunRow(r.FromPosition, r.ToPosition, r.SessionsEnded, r.Instance)).ToListAsync();
    }

    private SqlitePortalDbContext OpenDatabase() =>
        new(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={DatabasePath}").Options);

    private static async Task EventuallyAsync(Func<Task<bool>> condition, Func<string> waitingFor)
    {
        try
        {
            await Eventually.TrueAsync(condition, "the processes got there", WaitLimit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {WaitLimit} for {waitingFor()}");
        }
    }

    private sealed record CutoverRunRow(int FromPosition, int ToPosition, int SessionsEnded, string Instance);
}
