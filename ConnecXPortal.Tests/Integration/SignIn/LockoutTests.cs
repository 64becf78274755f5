using System.Globalization;
using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.EmailLinks;
using ConnecXPortal.Web.Features.Enrolment;
using ConnecXPortal.Web.Features.Help;
using ConnecXPortal.Web.Features.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.SignIn;

/// <summary>The lockout as a guesser and as the account's owner meet it in the portal.</summary>
public sealed class LockoutTests(LockoutTests.Fixture app) : IClassFixture<LockoutTests.Fixture>
{
    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_AndThenTheRightPasswordAnswersExactlyAsAWrongOne()
    {
        using var client = app.CreatePortalClient();
        var email = (await app.CreateResidentAsync()).Email!;
        for (var i = 0; i < 5; i++)
        {
            (await client.SubmitPasswordAsync(email, $"wrong-password-{i}")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var wrong = await client.SubmitPasswordAsync(email, "another-wrong-guess");
        var right = await client.SubmitPasswordAsync(email, DemoAccounts.Password);

        wrong.Alerts.Should().Equal("The email or password is not right. Check them and try again. " +
            "After 5 unsuccessful attempts we lock the account for 15 minutes to protect it, and email its owner.");
        right.StatusCode.Should().Be(wrong.StatusCode);
        right.Location.Should().BeNull();
        right.Alerts.Should().Equal(wrong.Alerts);
        right.Heading.Should().Be(wrong.Heading);
        right.Document.QuerySelector("#email")!.GetAttribute("value").Should().Be(email);

        app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var afterLockout = await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        afterLockout.Location!.AbsolutePath.Should().Be("/account/setup", "the password is accepted again and the user, who has no factor, enrols");

        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.AccountLockedOut)).Should().Be(1);
        (await db.AuditEvents.Where(e => e.SubjectEmail == email && e.Type == AuditEventTypes.SignInFailed).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => e.Details).ToListAsync()).Should().Equal(
                "Wrong password.", "Wrong password.", "Wrong password.", "Wrong password.", "Wrong password.",
                "Attempt while locked: the password was wrong.", "Attempt while locked: the password was right.");
    }

    [Fact]
    public async Task AttemptsWhileLocked_AreNotCounted_AndDoNotExtendTheLockout()
    {
        using var client = app.CreatePortalClient();
        var email = (await app.CreateResidentAsync()).Email!;
        for (var i = 0; i < 5; i++)
        {
            await client.SubmitPasswordAsync(email, $"wrong-password-{i}");
        }

        var lockedUntil = (await LoadAsync(email)).LockoutEnd;
        app.Clock.Advance(TimeSpan.FromMinutes(14));
        for (var i = 0; i < 6; i++)
        {
            await client.SubmitPasswordAsync(email, $"guess-while-locked-{i}");
        }

        var user = await LoadAsync(email);
        user.LockoutEnd.Should().Be(lockedUntil, "an attacker must not be able to keep the owner locked out for ever");
        user.AccessFailedCount.Should().Be(0);
        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        (await client.SubmitPasswordAsync(email, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be("/account/setup");
    }

    [Fact]
    public async Task ASaveOfTheAccountLoadedBeforeTheGuesses_WritesNoStaleCountOrLockoutBack()
    {
        using var client = app.CreatePortalClient();
        var email = (await app.CreateResidentAsync()).Email!;
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var loadedBefore = (await users.FindByEmailAsync(email))!;
        for (var i = 0; i < 5; i++)
        {
            await client.SubmitPasswordAsync(email, $"wrong-password-{i}");
        }

        loadedBefore.GivenName = "Renamed";
        (await users.UpdateAsync(loadedBefore)).Succeeded.Should().BeTrue();

        var user = await LoadAsync(email);
        user.GivenName.Should().Be("Renamed");
        user.LockoutEnd.Should().BeAfter(app.Clock.GetUtcNow(), "the lockout the guesses set survives a save of an older copy");
        (await client.SubmitPasswordAsync(email, DemoAccounts.Password)).Location.Should().BeNull();
    }

    [Fact]
    public async Task EveryPasswordAttempt_VerifiesExactlyOnePasswordHash_SoItsTimeTellsNothing()
    {
        using var client = app.CreatePortalClient();
        var email = (await app.CreateResidentAsync()).Email!;
        var invited = (await app.CreateResidentAsync(activated: false)).Email!;
        var work = new Dictionary<string, int>();
        async Task MeasureAsync(string what, string address, string password)
        {
            var before = app.Hasher.Verifications;
            await client.SubmitPasswordAsync(address, password);
            work[what] = app.Hasher.Verifications - before;
        }

        await MeasureAsync("unknown email", $"nobody-{Guid.NewGuid():N}@tests.example.com", "some-password-here");
        await MeasureAsync("not activated", invited, "some-password-here");
        for (var i = 0; i < 5; i++)
        {
            await MeasureAsync($"wrong password {i + 1}", email, $"wrong-password-{i}");
        }

        await MeasureAsync("wrong password while locked", email, "wrong-password-again");
        await MeasureAsync("right password while locked", email, DemoAccounts.Password);
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        await MeasureAsync("right password", email, DemoAccounts.Password);

        work.Should().HaveCount(10).And.OnlyContain(w => w.Value == 1);
    }

    [Fact]
    public async Task TheOwner_IsEmailedOncePerLockout_WithWhenItLifts_AndLinksToResetThePasswordAndToHelp()
    {
        using var client = app.CreatePortalClient();
        var email = (await app.CreateResidentAsync()).Email!;
        for (var i = 0; i < 8; i++)
        {
            await client.SubmitPasswordAsync(email, $"wrong-password-{i}");
        }

        var lifts = (await LoadAsync(email)).LockoutEnd!.Value;
        var message = app.Emails.To(email).Should().ContainSingle(m => m.Template == SecurityNotification.AccountLockedTemplate).Subject;
        message.Subject.Should().Be("Someone tried to sign in to your connecX account");
        var sydney = TimeZoneInfo.ConvertTime(lifts, TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney"));
        message.TextBody.Should().Contain($"You can sign in again from {sydney.ToString("d MMM yyyy, h:mm tt", CultureInfo.GetCultureInfo("en-AU"))} (Sydney time)")
            .And.Contain("If it was not you, reset your password");
        CapturedEmails.LinkIn(message, "/account/forgot-password").Should().NotBeNull();
        CapturedEmails.LinkIn(message, HelpRoutes.ForgottenPassword).Should().NotBeNull();

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        for (var i = 0; i < 5; i++)
        {
            await client.SubmitPasswordAsync(email, $"wrong-again-{i}");
        }

        app.Emails.CountOf(email, SecurityNotification.AccountLockedTemplate).Should().Be(2, "a second lockout is a second email");
    }

    [Fact]
    public async Task ResettingTheForgottenPassword_LiftsTheLockout()
    {
        using var client = app.CreatePortalClient();
        var user = await app.CreateResidentAsync();
        for (var i = 0; i < 5; i++)
        {
            await client.SubmitPasswordAsync(user.Email!, $"wrong-password-{i}");
        }

        var token = await app.WithScopeAsync(async services =>
        {
            var token = await services.GetRequiredService<AccountLinks>().CreateAsync(user, AccountLinkPurpose.PasswordReset);
            await services.GetRequiredService<PortalDbContext>().SaveChangesAsync();
            return token;
        });
        var page = await client.GetAsync($"/account/reset-password?token={Uri.EscapeDataString(token)}");
        var reset = await client.SubmitAsync(page, "reset-password", new Dictionary<string, string>
        {
            ["Input.NewPassword"] = "a brand new passphrase",
            ["Input.ConfirmPassword"] = "a brand new passphrase",
        });

        reset.Location!.PathAndQuery.Should().Be("/account/sign-in?reason=password-reset");
        (await client.SubmitPasswordAsync(user.Email!, "a brand new passphrase")).Location!.AbsolutePath.Should().Be("/account/setup");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.SingleAsync(e => e.SubjectId == user.Id && e.Type == AuditEventTypes.PasswordReset)).Details
            .Should().Be("The lockout was lifted.");
    }

    [Fact]
    public async Task LockedOutPage_ExplainsWhatToDo()
    {
        using var client = app.CreatePortalClient();

        var page = await client.GetAsync("/account/locked-out");

        page.Heading.Should().Be("Your account is locked for now");
        page.Html.Should().Contain("15 minutes").And.Contain("We have emailed you");
    }

    private async Task<PortalUser> LoadAsync(string email)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
    }

    /// <summary>The portal with its password hasher counted.</summary>
    public sealed class Fixture : PortalAppFactory
    {
        public Fixture() => WithServices(services => services.Decorate<IPasswordHasher<PortalUser>>((inner, _) => new CountingHasher(inner, Hasher)));

        public HasherCount Hasher { get; } = new();
    }

    public sealed class HasherCount
    {
        private int verifications;

        public int Verifications => Volatile.Read(ref verifications);

        public void Add() => Interlocked.Increment(ref verifications);
    }

    private sealed class CountingHasher(IPasswordHasher<PortalUser> inner, HasherCount count) : IPasswordHasher<PortalUser>
    {
        public string HashPassword(PortalUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            count.Add();
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
