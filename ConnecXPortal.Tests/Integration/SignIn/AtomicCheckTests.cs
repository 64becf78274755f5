using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.EmailLinks;
using ConnecXPortal.Web.Features.Enrolment;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Factors.RecoveryCodes;
using ConnecXPortal.Web.Features.Factors.Totp;
using ConnecXPortal.Web.Features.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.SignIn;

/// <summary>
/// Every check-and-consume under a burst of 40 parallel requests against the real portal: counters count each request,
/// single-use things are accepted once, and nobody is answered with a server error. The requests are prepared first
/// (pages loaded, antiforgery tokens in hand) and then released together.
/// </summary>
public sealed class AtomicCheckTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private const string WrongCredentials = "The email or password is not right. Check them and try again. " +
        "After 5 unsuccessful attempts we lock the account for 15 minutes to protect it, and email its owner.";

    [Fact]
    public async Task FortyWrongPasswords_AtOnce_AreEachCounted_LockTheAccountOnce_AndEmailTheOwnerOnce()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        var clients = Clients(Burst.Size);
        var posts = new List<Func<Task<PortalResponse>>>();
        for (var i = 0; i < clients.Count; i++)
        {
            posts.Add(await PreparePasswordAsync(clients[i], email, $"wrong-password-{i}"));
        }

        var answers = await Burst.TogetherAsync(posts);

        answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.OK && a.Alerts.SequenceEqual(new[] { WrongCredentials }));
        await using var db = app.CreateDbContext();
        var failures = await db.AuditEvents.Where(e => e.SubjectEmail == email && e.Type == AuditEventTypes.SignInFailed).Select(e => e.Details).ToListAsync();
        failures.Should().HaveCount(Burst.Size);
        failures.Should().OnlyContain(d => d == "Wrong password." || d == "Attempt while locked: the password was wrong.");
        failures.Count(d => d == "Wrong password.").Should().BeGreaterThanOrEqualTo(5);
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.AccountLockedOut)).Should().Be(1);
        (await db.Users.SingleAsync(u => u.Email == email)).LockoutEnd.Should().Be(app.Clock.GetUtcNow() + TimeSpan.FromMinutes(15));
        app.Emails.CountOf(email, SecurityNotification.AccountLockedTemplate).Should().Be(1);
        (await clients[0].SubmitPasswordAsync(email, DemoAccounts.Password)).Alerts.Should().Equal(WrongCredentials);
    }

    [Fact]
    public async Task FortyWrongAuthenticatorCodes_AtOnce_AreEachCounted_LockOnce_AndTellTheOwnerOnceThatSomeoneKnowsTheirPassword()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        var clients = await AppClientsAsync(Burst.Size);
        var ticket = (await clients[0].SignInAsync(email)).String("ticket")!;
        var codes = WrongCodes(key).Take(Burst.Size).ToList();

        var answers = await Burst.TogetherAsync(clients.Select((c, i) => (Func<Task<AppApiResponse>>)(() => c.SecondFactorAsync(ticket, "authenticator_app", codes[i]))));

        answers.Should().OnlyContain(a => (a.Status == HttpStatusCode.Unauthorized && a.Error == "invalid_code") || (a.Status == HttpStatusCode.Locked && a.Error == "locked_out"));
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.SecondFactorFailed)).Should().Be(Burst.Size);
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.AccountLockedOut)).Should().Be(1);
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.PasswordKnownAlert)).Should().Be(1);
        (await db.Users.SingleAsync(u => u.Email == email)).LockoutEnd.Should().BeAfter(app.Clock.GetUtcNow());
        app.Emails.CountOf(email, SecurityNotification.AccountLockedTemplate).Should().Be(1);
        app.Emails.CountOf(email, SecurityNotification.PasswordKnownTemplate).Should().Be(1);
    }

    [Fact]
    public async Task OneAuthenticatorCode_FromFortyPendingSignInsAtOnce_IsAcceptedOnce()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        await KeepUnlockedAsync(email);
        var clients = await PendingSignInsAsync(email, Burst.Size);
        var code = app.NextTotp(key);
        var posts = await PrepareCodesAsync(clients, _ => code, method: null);

        var answers = await Burst.TogetherAsync(posts);

        answers.Should().ContainSingle(a => a.IsRedirect).Which.Location!.AbsolutePath.Should().Be("/");
        answers.Where(a => !a.IsRedirect).Should().HaveCount(Burst.Size - 1)
            .And.OnlyContain(a => a.StatusCode == HttpStatusCode.OK && a.Alerts.SequenceEqual(new[] { SecondFactorVerifier.WrongCode }));
        await using var db = app.CreateDbContext();
        var userId = await app.UserIdAsync(email);
        (await db.UserFactors.SingleAsync(f => f.UserId == userId)).LastAcceptedTimeStep.Should().Be(TotpPolicy.StepAt(app.Clock.GetUtcNow()));
        (await db.AuditEvents.CountAsync(e => e.SubjectId == userId && e.Type == AuditEventTypes.SignInSucceeded)).Should().Be(1);
        (await db.AuditEvents.CountAsync(e => e.SubjectId == userId && e.Type == AuditEventTypes.SecondFactorFailed)).Should().Be(Burst.Size - 1);
    }

    [Fact]
    public async Task OneRecoveryCode_FromFortyPendingSignInsAtOnce_IsAcceptedOnce()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        await KeepUnlockedAsync(email);
        var recoveryCodes = await IssueRecoveryCodesAsync(email);
        var clients = await PendingSignInsAsync(email, Burst.Size);
        var posts = await PrepareCodesAsync(clients, _ => recoveryCodes[0], ChallengeMethod.RecoveryCode);

        var answers = await Burst.TogetherAsync(posts);

        answers.Should().ContainSingle(a => a.IsRedirect).Which.Location!.AbsolutePath.Should().Be("/");
        answers.Where(a => !a.IsRedirect).Should().HaveCount(Burst.Size - 1)
            .And.OnlyContain(a => a.StatusCode == HttpStatusCode.OK && a.Alerts.SequenceEqual(new[] { SecondFactorVerifier.WrongRecoveryCode }));
        await using var db = app.CreateDbContext();
        var userId = await app.UserIdAsync(email);
        (await db.RecoveryCodes.CountAsync(c => c.UserId == userId && c.UsedAt == null)).Should().Be(9);
        (await db.AuditEvents.SingleAsync(e => e.SubjectId == userId && e.Type == AuditEventTypes.RecoveryCodeUsed)).Details.Should().Be("9 unused code(s) left.");
        app.Emails.CountOf(email, SecurityNotification.RecoveryCodeUsedTemplate).Should().Be(1);
    }

    [Fact]
    public async Task OneEmailCode_SentFortyTimesAtOnceWithItsTicket_IsAcceptedOnce()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        await app.AddEmailFactorAsync(email);
        await KeepUnlockedAsync(email);
        var clients = await AppClientsAsync(Burst.Size);
        var ticket = (await clients[0].SignInAsync(email)).String("ticket")!;
        (await clients[0].PostAsync("sign-in/email-code", new { ticket })).Status.Should().Be(HttpStatusCode.Accepted);
        var code = await app.Emails.WaitForCodeAsync(email);

        var answers = await Burst.TogetherAsync(clients.Select(c => (Func<Task<AppApiResponse>>)(() => c.SecondFactorAsync(ticket, "email_code", code))));

        answers.Should().ContainSingle(a => a.Status == HttpStatusCode.OK).Which.String("status").Should().Be("signed_in");
        answers.Where(a => a.Status != HttpStatusCode.OK).Should().HaveCount(Burst.Size - 1)
            .And.OnlyContain(a => a.Status == HttpStatusCode.Unauthorized && (a.Error == "code_expired" || a.Error == "invalid_ticket"));
        await using var db = app.CreateDbContext();
        var userId = await app.UserIdAsync(email);
        (await db.UserSessions.CountAsync(s => s.UserId == userId)).Should().Be(1);
        (await db.EmailCodeChallenges.SingleAsync(c => c.UserId == userId)).UsedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task FortyWrongEntriesOfAnEmailCode_AtOnce_AreCountedUntilItIsVoid_AfterExactlyFive()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        await app.AddEmailFactorAsync(email);
        await KeepUnlockedAsync(email);
        var clients = await AppClientsAsync(Burst.Size);
        var ticket = (await clients[0].SignInAsync(email)).String("ticket")!;
        (await clients[0].PostAsync("sign-in/email-code", new { ticket })).Status.Should().Be(HttpStatusCode.Accepted);
        var code = await app.Emails.WaitForCodeAsync(email);
        var wrong = Enumerable.Range(100_000, Burst.Size + 1).Select(n => n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
            .Where(c => c != code).Take(Burst.Size).ToList();

        var answers = await Burst.TogetherAsync(clients.Select((c, i) => (Func<Task<AppApiResponse>>)(() => c.SecondFactorAsync(ticket, "email_code", wrong[i]))));

        answers.Count(a => a.Status == HttpStatusCode.Unauthorized && a.Error == "invalid_code").Should().Be(EmailCodePolicy.MaxWrongEntries);
        answers.Count(a => a.Status == HttpStatusCode.Unauthorized && a.Error == "code_expired").Should().Be(Burst.Size - EmailCodePolicy.MaxWrongEntries);
        (await clients[0].SecondFactorAsync(ticket, "email_code", code)).ShouldBeProblem(HttpStatusCode.Unauthorized, "code_expired");
        await using var db = app.CreateDbContext();
        var userId = await app.UserIdAsync(email);
        var challenge = await db.EmailCodeChallenges.SingleAsync(c => c.UserId == userId);
        challenge.WrongEntries.Should().Be(EmailCodePolicy.MaxWrongEntries);
        challenge.VoidedAt.Should().NotBeNull();
        challenge.UsedAt.Should().BeNull();
        (await db.AuditEvents.CountAsync(e => e.SubjectId == userId && e.Type == AuditEventTypes.SecondFactorFailed)).Should().Be(EmailCodePolicy.MaxWrongEntries);
    }

    [Fact]
    public async Task ASecondFactorTicket_CompletesOneSignIn_HoweverManyValidCodesArriveWithItAtOnce()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        await KeepUnlockedAsync(email);
        var recoveryCodes = await IssueRecoveryCodesAsync(email);
        var clients = await AppClientsAsync(Burst.Size);
        var ticket = (await clients[0].SignInAsync(email)).String("ticket")!;
        app.Clock.Advance(TotpPolicy.Step);
        var now = app.Clock.GetUtcNow();
        var valid = recoveryCodes.Select(c => (Method: "recovery_code", Code: c))
            .Concat(new[] { -1, 0, 1 }.Select(drift => (Method: "authenticator_app", Code: AuthenticatorApp.CodeAt(key, now + drift * TotpPolicy.Step))))
            .ToList();

        var answers = await Burst.TogetherAsync(clients.Select((c, i) =>
            (Func<Task<AppApiResponse>>)(() => c.SecondFactorAsync(ticket, valid[i % valid.Count].Method, valid[i % valid.Count].Code))));

        answers.Should().ContainSingle(a => a.Status == HttpStatusCode.OK).Which.String("status").Should().Be("signed_in");
        answers.Where(a => a.Status != HttpStatusCode.OK).Should().HaveCount(Burst.Size - 1)
            .And.OnlyContain(a => a.Status == HttpStatusCode.Unauthorized && (a.Error == "invalid_ticket" || a.Error == "invalid_code"));
        await using var db = app.CreateDbContext();
        var userId = await app.UserIdAsync(email);
        (await db.UserSessions.CountAsync(s => s.UserId == userId)).Should().Be(1);
        (await db.AuditEvents.CountAsync(e => e.SubjectId == userId && e.Type == AuditEventTypes.SignInSucceeded)).Should().Be(1);
        (await clients[0].SecondFactorAsync(ticket, "recovery_code", recoveryCodes[^1])).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_ticket");
    }

    [Fact]
    public async Task AnEnrolmentTicket_SetsUpOneFactor_AndSignsInOnce_HoweverManyRequestsCarryItAtOnce()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        var clients = await AppClientsAsync(Burst.Size);
        var ticket = (await clients[0].SignInAsync(email)).String("ticket")!;
        await app.ConfirmMailboxAsync(clients[0], email, ticket);
        var setup = await clients[0].PostAsync("sign-in/enrolment/authenticator", new { ticket });
        var (key, setupToken) = (setup.String("key")!, setup.String("setupToken")!);
        var code = app.NextTotp(key);

        var answers = await Burst.TogetherAsync(clients.Select(c =>
            (Func<Task<AppApiResponse>>)(() => c.PostAsync("sign-in/enrolment/authenticator/verify", new { ticket, setupToken, code }))));

        answers.Should().ContainSingle(a => a.Status == HttpStatusCode.OK).Which.Json.GetProperty("recoveryCodes").GetArrayLength().Should().Be(10);
        answers.Where(a => a.Status != HttpStatusCode.OK).Should().HaveCount(Burst.Size - 1).And.OnlyContain(a =>
            (a.Status == HttpStatusCode.Unauthorized && a.Error == "invalid_ticket") || (a.Status == HttpStatusCode.Forbidden && a.Error == "second_factor_required"));
        await using var db = app.CreateDbContext();
        var userId = await app.UserIdAsync(email);
        (await db.UserFactors.CountAsync(f => f.UserId == userId)).Should().Be(1);
        (await db.RecoveryCodes.CountAsync(c => c.UserId == userId)).Should().Be(10);
        (await db.UserSessions.CountAsync(s => s.UserId == userId)).Should().Be(1);
        (await db.AuditEvents.CountAsync(e => e.SubjectId == userId && e.Type == AuditEventTypes.FactorAdded)).Should().Be(1);
    }

    [Fact]
    public async Task APasswordResetLink_SetsOnePassword_HoweverManyRequestsCarryItAtOnce()
    {
        var user = await app.CreateResidentAsync();
        var token = await CreateLinkAsync(user, AccountLinkPurpose.PasswordReset);
        var clients = Clients(Burst.Size);
        var posts = new List<Func<Task<PortalResponse>>>();
        for (var i = 0; i < clients.Count; i++)
        {
            var page = await clients[i].GetAsync($"/account/reset-password?token={Uri.EscapeDataString(token)}");
            posts.Add(clients[i].PrepareSubmit(page, "reset-password", NewPassword($"the new passphrase number {i}")));
        }

        var answers = await Burst.TogetherAsync(posts);

        var winner = answers.Should().ContainSingle(a => a.IsRedirect).Subject;
        winner.Location!.PathAndQuery.Should().Be("/account/sign-in?reason=password-reset");
        answers.Where(a => !a.IsRedirect).Should().HaveCount(Burst.Size - 1)
            .And.OnlyContain(a => a.StatusCode == HttpStatusCode.OK && a.Heading == "This link no longer works");
        var chosen = $"the new passphrase number {Array.IndexOf(answers, winner)}";
        (await clients[0].SubmitPasswordAsync(user.Email!, chosen)).Location!.AbsolutePath.Should().Be("/account/setup");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.SubjectId == user.Id && e.Type == AuditEventTypes.PasswordReset)).Should().Be(1);
        app.Emails.CountOf(user.Email!, SecurityNotification.PasswordResetTemplate).Should().Be(1);
    }

    [Fact]
    public async Task AnActivationLink_ActivatesOnce_HoweverManyRequestsCarryItAtOnce()
    {
        var user = await app.CreateResidentAsync(activated: false);
        var token = await CreateLinkAsync(user, AccountLinkPurpose.Activation);
        var clients = Clients(Burst.Size);
        var posts = new List<Func<Task<PortalResponse>>>();
        for (var i = 0; i < clients.Count; i++)
        {
            var page = await clients[i].GetAsync($"/account/activate?token={Uri.EscapeDataString(token)}");
            posts.Add(clients[i].PrepareSubmit(page, "activate", NewPassword($"my first passphrase number {i}")));
        }

        var answers = await Burst.TogetherAsync(posts);

        answers.Should().ContainSingle(a => a.IsRedirect).Which.Location!.AbsolutePath.Should().Be("/account/setup");
        answers.Where(a => !a.IsRedirect).Should().HaveCount(Burst.Size - 1)
            .And.OnlyContain(a => a.StatusCode == HttpStatusCode.OK && a.Heading == "This activation link no longer works");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.SubjectId == user.Id && e.Type == AuditEventTypes.AccountActivated)).Should().Be(1);
        (await db.Users.SingleAsync(u => u.Id == user.Id)).ActivatedAt.Should().NotBeNull();
    }

    private List<PortalClient> Clients(int count) => [.. Enumerable.Range(0, count).Select(_ => app.CreatePortalClient())];

    /// <summary>App clients of one installation (tickets are bound to it), each with its connection already open.</summary>
    private async Task<List<AppApiClient>> AppClientsAsync(int count)
    {
        var clients = Enumerable.Range(0, count).Select(_ => app.CreateAppClient()).ToList();
        foreach (var client in clients)
        {
            client.DeviceId = clients[0].DeviceId;
            await client.GetAsync("session");
        }

        return clients;
    }

    private static async Task<Func<Task<PortalResponse>>> PreparePasswordAsync(PortalClient client, string email, string password)
    {
        var page = await client.GetAsync("/account/sign-in");
        return client.PrepareSubmit(page, "sign-in", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
    }

    private async Task<List<PortalClient>> PendingSignInsAsync(string email, int count)
    {
        var clients = Clients(count);
        foreach (var client in clients)
        {
            (await client.SubmitPasswordAsync(email, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be("/account/verify");
        }

        return clients;
    }

    private static async Task<List<Func<Task<PortalResponse>>>> PrepareCodesAsync(List<PortalClient> clients, Func<int, string> code, ChallengeMethod? method)
    {
        var posts = new List<Func<Task<PortalResponse>>>();
        for (var i = 0; i < clients.Count; i++)
        {
            var page = await clients[i].GetAsync(method is null ? "/account/verify" : $"/account/verify?method={method}");
            page.StatusCode.Should().Be(HttpStatusCode.OK, page.Html);
            posts.Add(clients[i].PrepareSubmit(page, "verify-code", new Dictionary<string, string> { ["Input.Code"] = code(i) }));
        }

        return posts;
    }

    /// <summary>
    /// Turns the lockout off for the account, so that a burst's refusals are the code's own answer rather than a lockout
    /// that the burst's failures (each counted) would cause.
    /// </summary>
    private async Task KeepUnlockedAsync(string email)
    {
        await using var db = app.CreateDbContext();
        await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnabled, false));
    }

    private Task<IReadOnlyList<string>> IssueRecoveryCodesAsync(string email) =>
        app.WithScopeAsync(async services =>
        {
            var user = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!;
            return await services.GetRequiredService<UserRecoveryCodes>().IssueAsync(user, notify: false);
        });

    private Task<string> CreateLinkAsync(PortalUser user, AccountLinkPurpose purpose) =>
        app.WithScopeAsync(async services =>
        {
            var token = await services.GetRequiredService<AccountLinks>().CreateAsync(user, purpose);
            await services.GetRequiredService<PortalDbContext>().SaveChangesAsync();
            return token;
        });

    private static Dictionary<string, string> NewPassword(string password) =>
        new() { ["Input.NewPassword"] = password, ["Input.ConfirmPassword"] = password };

    /// <summary>Six-digit codes the authenticator shows at no step within the drift window now.</summary>
    private IEnumerable<string> WrongCodes(string key)
    {
        var now = app.Clock.GetUtcNow();
        var valid = new[] { -1, 0, 1 }.Select(d => AuthenticatorApp.CodeAt(key, now + d * TotpPolicy.Step)).ToHashSet();
        return Enumerable.Range(200_000, 100).Select(n => n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Where(c => !valid.Contains(c));
    }
}
