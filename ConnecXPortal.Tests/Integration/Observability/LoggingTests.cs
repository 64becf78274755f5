using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Factors.RecoveryCodes;
using ConnecXPortal.Web.Features.Invitations;
using ConnecXPortal.Web.Features.Observability;
using ConnecXPortal.Web.Features.Passwords;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace ConnecXPortal.Tests.Integration.Observability;

/// <summary>The portal with every log category at Trace, each line captured with its scopes.</summary>
public sealed class LoggedPortalAppFactory : PortalAppFactory
{
    public LoggedPortalAppFactory()
    {
        WithSetting("Logging:LogLevel:Default", "Trace");
        WithSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
        WithSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Trace");
        WithServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            services.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Trace);
        });
    }

    public CapturedLogs Logs { get; } = new();
}

/// <summary>No password, code, token, recovery code or cookie reaches a log line; each request's lines name its trace and session.</summary>
public sealed class LoggingTests(LoggedPortalAppFactory app) : IClassFixture<LoggedPortalAppFactory>
{
    [Fact]
    public async Task SigningInEveryWay_LogsNoPassword_Code_Token_RecoveryCode_OrCookie()
    {
        var secrets = new List<string> { DemoAccounts.Password };
        var codes = new List<string>();
        var cookies = new System.Net.CookieContainer();

        // Password and authenticator app.
        var (totpUser, key) = await app.CreateEnrolledResidentAsync();
        using (var client = app.CreatePortalClient(cookies))
        {
            await client.SubmitPasswordAsync(totpUser, DemoAccounts.Password);
            var totp = app.NextTotp(key);
            codes.Add(totp);
            (await client.SubmitCodeAsync(totp)).Location!.AbsolutePath.Should().Be("/");
            (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // Password and emailed code.
        var emailUser = (await app.CreateResidentAsync()).Email!;
        await app.AddEmailFactorAsync(emailUser);
        using (var client = app.CreatePortalClient(new System.Net.CookieContainer()))
        {
            await client.SubmitPasswordAsync(emailUser, DemoAccounts.Password);
            var code = await app.Emails.WaitForCodeAsync(emailUser);
            codes.Add(code);
            (await client.SubmitCodeAsync(code)).Location!.AbsolutePath.Should().Be("/");
            secrets.AddRange(CookieValues(client));
        }

        // Password and recovery code.
        var recoveryCodes = await IssueRecoveryCodesAsync(totpUser);
        using (var client = app.CreatePortalClient(new System.Net.CookieContainer()))
        {
            await client.SubmitPasswordAsync(totpUser, DemoAccounts.Password);
            (await client.SubmitCodeAsync(recoveryCodes[0], "RecoveryCode")).Location!.AbsolutePath.Should().Be("/");
            secrets.AddRange(CookieValues(client));
        }

        secrets.AddRange(recoveryCodes);

        // A passkey assertion (no authenticator here, so it is refused: what the browser sent must still not be logged).
        var passkeySecret = $"passkey-secret-{Guid.NewGuid():N}";
        using (var client = app.CreatePortalClient())
        {
            var page = await client.GetAsync("/account/sign-in");
            await client.SubmitAsync(page, "passkey-sign-in", new Dictionary<string, string>
            {
                ["Passkey.CredentialJson"] = $"{{\"id\":\"{passkeySecret}\",\"response\":{{\"signature\":\"{passkeySecret}\"}}}}",
            });
        }

        secrets.Add(passkeySecret);

        // The app API: password, code, ticket, tokens, refresh.
        using (var appClient = app.CreateAppClient())
        {
            var password = await appClient.SignInAsync(totpUser);
            var ticket = password.String("ticket")!;
            var code = app.NextTotp(key);
            codes.Add(code);
            var verified = await appClient.SecondFactorAsync(ticket, "authenticator_app", code);
            verified.Status.Should().Be(HttpStatusCode.OK, verified.Body);
            var tokens = verified.Tokens;
            var refreshed = await appClient.RefreshAsync(tokens.RefreshToken);
            refreshed.Status.Should().Be(HttpStatusCode.OK, refreshed.Body);
            (await appClient.GetSessionAsync(refreshed.Tokens.AccessToken)).Status.Should().Be(HttpStatusCode.OK);
            (await appClient.RefreshAsync(tokens.RefreshToken)).Error.Should().Be("session_ended", "a reused refresh token is logged as an event, not by value");
            secrets.AddRange([ticket, tokens.AccessToken, tokens.RefreshToken, refreshed.Tokens.AccessToken, refreshed.Tokens.RefreshToken]);
        }

        // The activation link, and the password chosen with it.
        var invited = $"logged-{Guid.NewGuid():N}@tests.example.com";
        await InviteAsync(invited);
        var activation = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(invited, ResidentInvitations.Template), "/account/activate");
        const string activationPassword = "activation passphrase never logged";
        using (var client = app.CreatePortalClient())
        {
            var page = await client.GetAsync(activation.PathAndQuery);
            (await client.SubmitAsync(page, "activate", new Dictionary<string, string>
            {
                ["Input.NewPassword"] = activationPassword,
                ["Input.ConfirmPassword"] = activationPassword,
            })).Location!.AbsolutePath.Should().Be("/account/setup");
            secrets.AddRange(CookieValues(client));
        }

        secrets.AddRange([TokenOf(activation), activationPassword]);

        // The reset link, and the new password.
        var resetUser = (await app.CreateResidentAsync()).Email!;
        using (var client = app.CreatePortalClient())
        {
            var page = await client.GetAsync("/account/forgot-password");
            await client.SubmitAsync(page, "forgot-password", new Dictionary<string, string> { ["Input.Email"] = resetUser });
        }

        var reset = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(resetUser, PasswordResets.Template), "/account/reset-password");
        const string resetPassword = "reset passphrase never logged either";
        using (var client = app.CreatePortalClient())
        {
            var page = await client.GetAsync(reset.PathAndQuery);
            (await client.SubmitAsync(page, "reset-password", new Dictionary<string, string>
            {
                ["Input.NewPassword"] = resetPassword,
                ["Input.ConfirmPassword"] = resetPassword,
            })).Location!.PathAndQuery.Should().Be("/account/sign-in?reason=password-reset");
        }

        secrets.AddRange([TokenOf(reset), resetPassword]);
        secrets.AddRange(cookies.GetAllCookies().Select(c => c.Value).Where(v => v.Length >= 16));

        var lines = app.Logs.Lines;
        lines.Should().Contain(l => l.Level <= LogLevel.Debug, "every category logs at Trace in this test");
        lines.Should().Contain(l => l.Text.Contains("/account/activate", StringComparison.Ordinal) && l.Text.Contains(LogRedaction.Redacted, StringComparison.Ordinal),
            "the request log has the activation request, its token redacted");
        lines.Should().Contain(l => l.Text.Contains("/api/app/v1/token/refresh", StringComparison.Ordinal), "the request log has the app's calls");
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)).Distinct())
        {
            lines.Where(l => l.Text.Contains(secret, StringComparison.OrdinalIgnoreCase)).Select(l => $"{l.Category}: {l.Text}")
                .Should().BeEmpty("no log line may carry the secret {0}", secret);
        }

        foreach (var code in codes.Distinct())
        {
            var standalone = new Regex($@"(?<![0-9A-Za-z]){code}(?![0-9A-Za-z])");
            lines.Where(l => standalone.IsMatch(l.Text)).Select(l => $"{l.Category}: {l.Text}")
                .Should().BeEmpty("no log line may carry the code {0}", code);
        }
    }

    [Fact]
    public async Task RequestLines_CarryTheTraceId_AndThePortalOrAppSessionId()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var portal = app.CreatePortalClient();
        await portal.SignInWithAuthenticatorAsync(app, email, key);
        (await portal.GetAsync("/account/security?status=logged")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var appClient = app.CreateAppClient();
        var tokens = await appClient.SignInWithAuthenticatorAsync(app, email, key);
        (await appClient.GetSessionAsync(tokens.AccessToken)).Status.Should().Be(HttpStatusCode.OK);

        await using var db = app.CreateDbContext();
        var portalSession = await db.UserSessions.Where(s => s.User.Email == email && s.Client == SessionClient.Portal)
            .Select(s => s.Id).SingleAsync();
        var requestLog = app.Logs.Lines.Where(l => l.Category.StartsWith("Microsoft.AspNetCore.HttpLogging", StringComparison.Ordinal)).ToList();
        var security = requestLog.Should().Contain(l => l.Text.Contains("/account/security", StringComparison.Ordinal) && l.Text.Contains("status=logged", StringComparison.Ordinal)).Which;
        security.Scope["SessionId"].Should().Be(portalSession.ToString());
        security.Scope["TraceId"].Should().MatchRegex("^[0-9a-f]{32}$");
        var session = requestLog.Should().Contain(l => l.Text.Contains("/api/app/v1/session", StringComparison.Ordinal)).Which;
        session.Scope["SessionId"].Should().Be(tokens.SessionId.ToString());
        session.Scope["TraceId"].Should().NotBe(security.Scope["TraceId"]);
    }

    [Fact]
    public void EfCore_NeverLogsParameterValues()
    {
        using var db = app.CreateDbContext();

        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.IsSensitiveDataLoggingEnabled.Should().BeFalse();
    }

    [Theory]
    [InlineData("?token=abc.def&returnUrl=%2Fhome", "?token=[redacted]&returnUrl=[redacted]")]
    [InlineData("?status=saved&q=olivia%40example.com", "?status=saved&q=[redacted]")]
    [InlineData("?code=123456&method=EmailCode", "?code=[redacted]&method=EmailCode")]
    [InlineData("", "")]
    public void QueryStrings_KeepOnlyKnownHarmlessValues(string query, string logged) =>
        LogRedaction.Query(new Microsoft.AspNetCore.Http.QueryString(query)).Should().Be(logged);

    [Fact]
    public async Task Production_WritesJsonLines_WithTheRequestScope()
    {
        await using var production = ProductionPortal.Create();

        var console = production.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var formatter = production.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == console.FormatterName);
        var scopes = new LoggerExternalScopeProvider();
        var sessionId = Guid.NewGuid();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var scope = new RequestLogScope("0af7651916cd43dd8448eb211c80319c");
        context.Features.Set(scope);
        RequestLogScope.SetSession(context, sessionId);
        using var writer = new StringWriter();
        using (scopes.Push(scope))
        {
            formatter.Write(new LogEntry<string>(LogLevel.Information, "ConnecXPortal.Test", new EventId(1), "Hello", null, (s, _) => s), scopes, writer);
        }

        console.FormatterName.Should().Be(ConsoleFormatterNames.Json);
        var line = writer.ToString().TrimEnd();
        line.Should().NotContain("\n", "one JSON object a line");
        var json = JsonDocument.Parse(line).RootElement;
        json.GetProperty("Message").GetString().Should().Be("Hello");
        var written = json.GetProperty("Scopes").EnumerateArray().Single(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("SessionId", out _));
        written.GetProperty("SessionId").GetString().Should().Be(sessionId.ToString());
        written.GetProperty("TraceId").GetString().Should().Be("0af7651916cd43dd8448eb211c80319c");
    }

    private static IEnumerable<string> CookieValues(PortalClient client) =>
        client.Cookies.GetAllCookies().Select(c => c.Value).Where(v => v.Length >= 16);

    private static string TokenOf(Uri link) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query)["token"].ToString();

    private Task<IReadOnlyList<string>> IssueRecoveryCodesAsync(string email) =>
        app.WithScopeAsync(async services =>
        {
            var user = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!;
            return await services.GetRequiredService<UserRecoveryCodes>().IssueAsync(user, notify: false);
        });

    private Task InviteAsync(string email) =>
        app.WithScopeAsync(async services =>
        {
            var inviter = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.Support))!;
            var building = await services.GetRequiredService<PortalDbContext>().Buildings.SingleAsync(b => b.Name == "Parkside Residences");
            await services.GetRequiredService<ResidentInvitations>().InviteAsync(inviter, new InvitationRequest
            {
                GivenName = "Logged",
                FamilyName = "Resident",
                Email = email,
                BuildingId = building.Id,
                Unit = "3A",
            });
        });
}
