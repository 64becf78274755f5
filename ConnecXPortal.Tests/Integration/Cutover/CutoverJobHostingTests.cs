using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.Cutover;

public sealed class CutoverJobHostingTests
{
    [Fact]
    public async Task AtStart_TheJobAppliesEveryPhaseAlreadyDue()
    {
        // The default test clock is 1 October 2024, after every phase.
        await using var owned = await OwnedApp<PortalAppFactory>.StartAsync(new PortalAppFactory());
        var app = owned.App;

        await Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return await db.CutoverPhases.CountAsync(p => p.CompletedAt != null) == 4;
        }, "all four phases are applied");

        await using var check = app.CreateDbContext();
        (await check.CutoverPhases.Select(p => p.FirstRunAt).ToListAsync()).Should().OnlyContain(at => at == PortalAppFactory.DefaultStart);
        (await check.CutoverRuns.Select(r => r.Client).ToListAsync()).Should().BeEquivalentTo(Enum.GetValues<SessionClient>());
    }

    [Fact]
    public async Task BeforeTheCutover_TheJobAppliesNothing_ThenAppliesThePortalPhaseWhenTheClockPassesIt()
    {
        await using var owned = await OwnedApp<CutoverEveAppFactory>.StartAsync(new CutoverEveAppFactory());
        var app = owned.App;
        var users = await app.AddUsersAsync(1);
        var session = (await app.AddSessionsAsync([SessionTestData.NewSession(users[0], SessionClient.Portal, CutoverEveAppFactory.Start)]))[0];

        app.Clock.Advance(TimeSpan.FromMinutes(59));
        (await app.ReloadAsync(session.Id)).EndedAt.Should().BeNull();

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(async () => (await app.ReloadAsync(session.Id)).EndReason == SessionEndReason.MfaCutover,
            "the job's next tick has ended the session");

        await using var db = app.CreateDbContext();
        (await db.CutoverRuns.SingleAsync()).Client.Should().Be(SessionClient.Portal);
    }
}
