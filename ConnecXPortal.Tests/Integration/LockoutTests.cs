using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration;

public sealed class LockoutTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_ForFifteenMinutes_WithoutRevealingItToAGuesser()
    {
        using var client = app.CreatePortalClient();
        var email = (await app.CreateResidentAsync()).Email!;
        for (var i = 0; i < 5; i++)
        {
            await client.SubmitPasswordAsync(email, $"wrong-password-{i}");
        }

        var guess = await client.SubmitPasswordAsync(email, "another-wrong-guess");
        guess.Alerts.Should().ContainSingle().Which.Should().StartWith("The email or password is not right.");

        var rightPassword = await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        rightPassword.Location!.AbsolutePath.Should().Be("/account/locked-out");

        app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var afterLockout = await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        afterLockout.Location!.AbsolutePath.Should().Be("/account/setup", "the password is accepted again and the user, who has no factor, enrols");

        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.AccountLockedOut)).Should().Be(1);
    }

    [Fact]
    public async Task LockedOutPage_ExplainsWhatToDo()
    {
        using var client = app.CreatePortalClient();

        var page = await client.GetAsync("/account/locked-out");

        page.Heading.Should().Be("Your account is locked for now");
        page.Html.Should().Contain("15 minutes");
    }
}
