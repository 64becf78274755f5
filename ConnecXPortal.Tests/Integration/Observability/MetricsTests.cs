using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.RegularExpressions;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ConnecXPortal.Tests.Integration.Observability;

/// <summary>The ConnecXPortal meter counts what happens through the portal's pages and the app API, with bounded tags.</summary>
public sealed partial class MetricsTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private const string SignIns = "connecx.sign_ins";
    private const string Verifications = "connecx.second_factor.verifications";
    private const string Lockouts = "connecx.lockouts";
    private const string Enrolments = "connecx.enrolments";
    private const string SessionsEnded = "connecx.sessions.ended";
    private const string Emails = "connecx.emails";
    private const string RefreshTokenReuse = "connecx.app.refresh_token_reuse";

    [Fact]
    public async Task PortalSignIn_CountsTheWrongPassword_TheSecondFactorChecks_AndTheSuccessWithItsMethod()
    {
        using var meters = new PortalMeters(app).Watch(SignIns, Verifications);
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();

        await client.SubmitPasswordAsync(email, "not the password at all");
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        var code = app.NextTotp(key);
        await client.SubmitCodeAsync(code == "000000" ? "111111" : "000000");
        var verified = await client.SubmitCodeAsync(code);

        verified.Location!.AbsolutePath.Should().Be("/");
        meters.Sum(SignIns, ("client", "portal"), ("outcome", "wrong_password")).Should().Be(1);
        meters.Sum(SignIns, ("client", "portal"), ("outcome", "succeeded"), ("method", "password_and_authenticator_app")).Should().Be(1);
        meters.Sum(SignIns).Should().Be(2);
        meters.Sum(Verifications, ("method", "authenticator_app"), ("outcome", "failed")).Should().Be(1);
        meters.Sum(Verifications, ("method", "authenticator_app"), ("outcome", "verified")).Should().Be(1);
    }

    [Fact]
    public async Task PortalSignIn_CountsUnknownAccounts_AndInvitedOnes_ApartFromWrongPasswords()
    {
        using var meters = new PortalMeters(app).Watch(SignIns);
        using var client = app.CreatePortalClient();

        await client.SubmitPasswordAsync($"nobody-{Guid.NewGuid():N}@example.com", "whatever password");
        await client.SubmitPasswordAsync(DemoAccounts.InvitedResident, "whatever password");

        meters.Sum(SignIns, ("client", "portal"), ("outcome", "unknown_account")).Should().Be(1);
        meters.Sum(SignIns, ("client", "portal"), ("outcome", "not_activated")).Should().Be(1);
        meters.Sum(SignIns).Should().Be(2);
    }

    [Fact]
    public async Task FifthWrongPassword_CountsOneLockout_AndTheNextAttemptsAsLockedOut()
    {
        using var meters = new PortalMeters(app).Watch(SignIns, Lockouts);
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreatePortalClient();

        for (var i = 0; i < 5; i++)
        {
            await client.SubmitPasswordAsync(email, $"wrong password {i}");
        }

        await client.SubmitPasswordAsync(email, DemoAccounts.Password);

        meters.Sum(Lockouts, ("step", "password")).Should().Be(1);
        meters.Sum(SignIns, ("outcome", "wrong_password")).Should().Be(5);
        meters.Sum(SignIns, ("outcome", "locked_out")).Should().Be(1);
    }

    [Fact]
    public async Task AppEnrolment_CountsTheEnrolment_TheEmail_AndTheAppSignIn()
    {
        using var meters = new PortalMeters(app).Watch(SignIns, Enrolments, Emails);
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreateAppClient("ios");
        var ticket = (await client.SignInAsync(email)).String("ticket")!;

        (await client.PostAsync("sign-in/enrolment/email", new { ticket })).Status.Should().Be(HttpStatusCode.Accepted);
        var code = MfaEmails.CodeIn(await app.Emails.WaitForAsync(email, EmailCodes.Template));
        var verified = await client.PostAsync("sign-in/enrolment/email/verify", new { ticket, code });

        verified.Status.Should().Be(HttpStatusCode.OK, verified.Body);
        meters.Sum(Enrolments, ("method", "email_code"), ("first", true)).Should().Be(1);
        meters.Sum(SignIns, ("client", "app"), ("outcome", "succeeded"), ("method", "password_and_email_code")).Should().Be(1);
        meters.Sum(Emails, ("kind", EmailCodes.Template), ("outcome", "sent")).Should().Be(1);
    }

    [Fact]
    public async Task AppSignOut_AndAReusedRefreshToken_CountTheirSessionEnds()
    {
        using var meters = new PortalMeters(app).Watch(SessionsEnded, RefreshTokenReuse);
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var first = await client.SignInWithAuthenticatorAsync(app, email, key);
        (await client.RefreshAsync(first.RefreshToken)).Status.Should().Be(HttpStatusCode.OK);

        (await client.RefreshAsync(first.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended");
        var second = await client.SignInWithAuthenticatorAsync(app, email, key);
        (await client.SignOutAsync(second.AccessToken)).Status.Should().Be(HttpStatusCode.NoContent);

        meters.Sum(RefreshTokenReuse).Should().Be(1);
        meters.Sum(SessionsEnded, ("reason", "refresh_token_reused")).Should().Be(1);
        meters.Sum(SessionsEnded, ("reason", "signed_out")).Should().Be(1);
    }

    [Fact]
    public async Task NoTagValue_IsAnEmail_AnId_OrAnAddress()
    {
        var seen = new List<(string Instrument, string Key, string? Value)>();
        var measured = new HashSet<string>();
        var meterFactory = app.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PortalMetrics.MeterName && instrument.Meter.Scope == meterFactory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(instrument, tags));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, tags));
        listener.Start();

        var (email, key) = await app.CreateEnrolledResidentAsync();
        using (var portal = app.CreatePortalClient())
        {
            await portal.SubmitPasswordAsync(email, "not the password");
            await portal.SignInWithAuthenticatorAsync(app, email, key);
            await portal.SubmitPasswordAsync($"nobody-{Guid.NewGuid():N}@example.com", "whatever password");
        }

        using (var appClient = app.CreateAppClient("white-label"))
        {
            var tokens = await appClient.SignInWithAuthenticatorAsync(app, email, key);
            (await appClient.RefreshAsync(tokens.RefreshToken)).Status.Should().Be(HttpStatusCode.OK);
            (await appClient.RefreshAsync(tokens.RefreshToken)).Error.Should().Be("session_ended");
        }

        listener.RecordObservableInstruments();
        lock (seen)
        {
            measured.Should().Contain(["connecx.sign_ins", "connecx.second_factor.verifications", "connecx.app.refresh_token_reuse", "connecx.sessions.ended"]);
            foreach (var (instrument, tagKey, value) in seen)
            {
                value.Should().NotBeNull();
                value.Should().MatchRegex("^[a-z0-9_.-]+$", "{0} tag {1} is a name from a closed set", instrument, tagKey)
                    .And.NotContain("@", "no email addresses")
                    .And.NotMatchRegex(Identifiers().ToString(), "no ids or addresses");
                value.Should().NotBe(email).And.NotContain("example");
            }
        }

        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (seen)
            {
                measured.Add(instrument.Name);
                foreach (var tag in tags)
                {
                    seen.Add((instrument.Name, tag.Key, tag.Value switch
                    {
                        bool b => b ? "true" : "false",
                        var other => other?.ToString(),
                    }));
                }
            }
        }
    }

    [Fact]
    public async Task CutoverRun_CountsTheSessionsItEnds_ByPhase_ReportsProgress_AndRecordsSpans()
    {
        var eve = new CutoverEveAppFactory();
        eve.WithoutCutoverJob();
        await using var owned = await OwnedApp<CutoverEveAppFactory>.StartAsync(eve);
        var cutover = owned.App;
        var users = await cutover.AddUsersAsync(3);
        await cutover.AddSessionsAsync(users.Select(u => SessionTestData.NewSession(u, SessionClient.Portal, CutoverEveAppFactory.Start.AddDays(-3))));
        using var meters = new PortalMeters(cutover).Watch("connecx.cutover.sessions.ended");
        using var progress = new MetricCollector<double>(cutover.Services.GetRequiredService<IMeterFactory>(), PortalMetrics.MeterName, "connecx.cutover.phase.progress");
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PortalActivities.Name || source.Name == nameof(MetricsTests),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        using var testSource = new ActivitySource(nameof(MetricsTests));

        cutover.Clock.SetUtcNow(new DateTimeOffset(2024, 8, 21, 18, 0, 0, TimeSpan.FromHours(10)));
        using (testSource.StartActivity("test"))
        {
            await cutover.RunCutoverAsync();
        }

        meters.Sum("connecx.cutover.sessions.ended", ("phase", "portal")).Should().Be(3);
        progress.RecordObservableInstruments();
        progress.GetMeasurementSnapshot().Should().Contain(m => m.Tags["phase"] as string == "portal" && m.Value == 1.0);
        progress.GetMeasurementSnapshot().Should().Contain(m => m.Tags["phase"] as string == "android" && m.Value == 0.0);
        var test = spans.Single(s => s.Source.Name == nameof(MetricsTests));
        var mine = spans.Where(s => s.TraceId == test.TraceId && s.Source.Name == PortalActivities.Name).ToList();
        mine.Should().ContainSingle(s => s.OperationName == "cutover.run");
        mine.Should().ContainSingle(s => s.OperationName == "cutover.apply_phase")
            .Which.Tags.Should().Contain(new KeyValuePair<string, string?>("cutover.phase", "portal"));
        mine.Single(s => s.OperationName == "cutover.apply_phase").GetTagItem("cutover.sessions_ended").Should().Be(3);
    }

    /// <summary>A GUID, an IPv4 address, a long run of digits or hex (an id or a token).</summary>
    [GeneratedRegex(@"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9a-fA-F]{12,}|\d{6,}")]
    private static partial Regex Identifiers();
}
