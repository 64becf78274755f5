using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Passwords;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Tests.Integration.Factors;

/// <summary>The second-factor rules (OWASP ASVS 5.0 V6, NIST SP 800-63B), each against the running portal.</summary>
public sealed class MfaRuleTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task EmailCode_IsStoredHashed_AndSixDigits()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        await app.AddEmailFactorAsync(email);
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);

        var code = await app.Emails.WaitForCodeAsync(email);

        code.Should().MatchRegex("^[0-9]{6}$");
        await using var db = app.CreateDbContext();
        var row = await db.EmailCodeChallenges.SingleAsync(c => c.UserId == db.Users.Single(u => u.Email == email).Id);
        row.Hash.Should().HaveCount(32).And.NotEqual(System.Text.Encoding.UTF8.GetBytes(code));
        row.Salt.Should().HaveCount(16);
    }

    [Fact]
    public async Task EmailCode_IsBoundToTheSignInAttemptThatAskedForIt()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        await app.AddEmailFactorAsync(email);
        using var first = app.CreatePortalClient();
        await first.SubmitPasswordAsync(email, DemoAccounts.Password);
        var code = await app.Emails.WaitForCodeAsync(email);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        using var second = app.CreatePortalClient();
        await second.SubmitPasswordAsync(email, DemoAccounts.Password);
        await app.Emails.WaitForCodeAsync(email, afterCount: 1);

        var stolen = await second.SubmitCodeAsync(code);

        stolen.Location.Should().BeNull();
        stolen.Alerts.Should().ContainSingle();
        (await first.SubmitCodeAsync(code)).Location!.AbsolutePath.Should().Be("/", "the first attempt's own code still works");
    }

    [Fact]
    public async Task EmailCode_ExpiresAfterTenMinutes()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        await app.AddEmailFactorAsync(email);
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        var code = await app.Emails.WaitForCodeAsync(email);

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var late = await client.SubmitCodeAsync(code);

        late.Alerts.Should().ContainSingle().Which.Should().Be(SecondFactorVerifier.NoEmailCode);
    }

    [Fact]
    public async Task EmailCode_IsUsableOnce_AndVoidAfterFiveWrongEntries()
    {
        var user = await app.CreateResidentAsync();
        var attempt = Guid.NewGuid();
        var (code, checks) = await app.WithScopeAsync(async services =>
        {
            var codes = services.GetRequiredService<EmailCodes>();
            await codes.SendAsync(user, attempt, EmailCodePurpose.SignIn);
            var sent = await app.Emails.WaitForCodeAsync(user.Email!);
            var results = new List<EmailCodeCheck>();
            for (var i = 0; i < 5; i++)
            {
                results.Add(await codes.CheckAsync(user.Id, attempt, sent == "111111" ? "222222" : "111111"));
            }

            results.Add(await codes.CheckAsync(user.Id, attempt, sent));
            return (sent, results);
        });

        checks.Should().Equal(EmailCodeCheck.Wrong, EmailCodeCheck.Wrong, EmailCodeCheck.Wrong, EmailCodeCheck.Wrong, EmailCodeCheck.Wrong,
            EmailCodeCheck.NoUsableCode);

        var secondAttempt = Guid.NewGuid();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var once = await app.WithScopeAsync(async services =>
        {
            var codes = services.GetRequiredService<EmailCodes>();
            await codes.SendAsync(user, secondAttempt, EmailCodePurpose.SignIn);
            var sent = await app.Emails.WaitForCodeAsync(user.Email!, afterCount: 1);
            return new[] { await codes.CheckAsync(user.Id, secondAttempt, sent), await codes.CheckAsync(user.Id, secondAttempt, sent) };
        });
        once.Should().Equal(EmailCodeCheck.Accepted, EmailCodeCheck.NoUsableCode);
        code.Should().NotBeNull();
    }

    [Fact]
    public async Task NewEmailCode_WaitsSixtySeconds_AndAtMostFiveAreSentAnHour()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        await app.AddEmailFactorAsync(email);
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        var challenge = await client.GetAsync("/account/verify");

        var tooSoon = await client.SubmitAsync(challenge, "send-email-code", new Dictionary<string, string>());
        tooSoon.Alerts.Should().ContainSingle().Which.Should().MatchRegex("^You can ask for another code in [0-9]+ seconds\\.$");

        for (var i = 0; i < 4; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(61));
            var sent = await client.SubmitAsync(challenge, "send-email-code", new Dictionary<string, string>());
            sent.Alerts.Should().BeEmpty();
        }

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var sixth = await client.SubmitAsync(challenge, "send-email-code", new Dictionary<string, string>());
        sixth.Alerts.Should().ContainSingle().Which.Should().StartWith("You have asked for several codes.");
        app.Emails.CountOf(email, EmailCodes.Template).Should().Be(5);
    }

    [Fact]
    public async Task SecondSignInWithinAMinute_SaysNoCodeWasSentYet_InsteadOfPretending()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        await app.AddEmailFactorAsync(email);
        using var first = app.CreatePortalClient();
        await first.SubmitPasswordAsync(email, DemoAccounts.Password);
        using var second = app.CreatePortalClient();
        await second.SubmitPasswordAsync(email, DemoAccounts.Password);

        var challenge = await second.GetAsync("/account/verify");

        challenge.Html.Should().Contain("Select Send a new code and we will email a 6-digit code to").And.NotContain("We emailed a 6-digit code");
        app.Emails.CountOf(email, EmailCodes.Template).Should().Be(1);
    }

    [Fact]
    public async Task FailedSecondFactors_CountTowardsTheSameLockout_AsWrongPasswords()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        for (var i = 0; i < 3; i++)
        {
            await client.SubmitPasswordAsync(email, $"wrong-password-{i}");
        }

        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        (await client.SubmitCodeAsync("000000")).Alerts.Should().ContainSingle();
        var fifth = await client.SubmitCodeAsync("000001");

        fifth.Location!.AbsolutePath.Should().Be("/account/locked-out", "whoever reached the second factor has proved the password");
        var locked = await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        var guesser = await app.CreatePortalClient().SubmitPasswordAsync(email, "a-wrong-guess-here");
        guesser.Alerts.Should().ContainSingle().Which.Should().StartWith("The email or password is not right.", "a guesser never learns the account is locked");
        locked.StatusCode.Should().Be(guesser.StatusCode);
        locked.Alerts.Should().Equal(guesser.Alerts, "the right password while locked answers as a wrong one");

        app.Clock.Advance(TimeSpan.FromMinutes(15));
        (await client.SignInWithAuthenticatorAsync(app, email, key)).Location!.AbsolutePath.Should().Be("/");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.SecondFactorFailed)).Should().Be(2);
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.AccountLockedOut)).Should().Be(1);
    }

    [Fact]
    public async Task FailedAttemptCounter_ResetsOnlyWhenTheWholeSignInSucceeds()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, "wrong-password-1");
        await client.SubmitPasswordAsync(email, "wrong-password-2");

        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        (await FailedCountAsync(email)).Should().Be(2, "a right password alone is not a successful sign-in");

        await client.SubmitCodeAsync(app.NextTotp(key));
        (await FailedCountAsync(email)).Should().Be(0);
    }

    [Fact]
    public async Task Passwords_AreTwelveTo128Characters_WithoutCompositionRules_AndNotCommon()
    {
        var common = new CommonPasswords();
        common.Count.Should().Be(10_000);
        var results = await app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PortalUser>>();
            var validators = services.GetServices<IPasswordValidator<PortalUser>>().ToList();
            var user = new PortalUser { UserName = "x@example.com", Email = "x@example.com" };
            async Task<string[]> Check(string password) =>
                [.. (await Task.WhenAll(validators.Select(v => v.ValidateAsync(users, user, password)))).SelectMany(r => r.Errors).Select(e => e.Code)];
            return new Dictionary<string, string[]>
            {
                ["short"] = await Check("eleven char"),
                ["lowercase words"] = await Check("correct horse battery"),
                ["128"] = await Check(new string('z', 128)),
                ["129"] = await Check(new string('z', 129)),
                ["common"] = await Check("QWERTY123456"),
            };
        });

        results["short"].Should().Equal("PasswordTooShort");
        results["lowercase words"].Should().BeEmpty();
        results["128"].Should().BeEmpty();
        results["129"].Should().Equal("PasswordTooLong");
        results["common"].Should().Equal("PasswordCommon");
    }

    [Fact]
    public async Task AuthCookies_AreHttpOnlyLax_AndSecureOutsideDevelopment()
    {
        await using var production = ProductionPortal.Create();
        var options = production.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>();

        foreach (var scheme in new[] { IdentityConstants.ApplicationScheme, ConnecXPortal.Web.Features.SignIn.PendingSignIns.Scheme })
        {
            var cookie = options.Get(scheme).Cookie;
            cookie.HttpOnly.Should().BeTrue(scheme);
            cookie.SameSite.Should().Be(Microsoft.AspNetCore.Http.SameSiteMode.Lax, scheme);
            cookie.SecurePolicy.Should().Be(Microsoft.AspNetCore.Http.CookieSecurePolicy.Always, scheme);
        }
    }

    [Fact]
    public async Task FactorRows_AreIndexedForReports_ByUserAndKind()
    {
        await using var db = app.CreateDbContext();
        var indexes = db.Model.FindEntityType(typeof(UserFactor))!.GetIndexes().Select(i => string.Join(",", i.Properties.Select(p => p.Name))).ToList();

        indexes.Should().Contain("UserId").And.Contain("Kind,UserId");
        (await db.UserFactors.GroupBy(f => f.Kind).Select(g => g.Key).ToListAsync())
            .Should().BeEquivalentTo([FactorKind.AuthenticatorApp, FactorKind.EmailCode, FactorKind.Passkey], "the demo data has every kind");
    }

    private async Task<int> FailedCountAsync(string email)
    {
        await using var db = app.CreateDbContext();
        return (await db.Users.SingleAsync(u => u.Email == email)).AccessFailedCount;
    }
}
