using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;

namespace ConnecXPortal.Web.Features.Observability;

/// <summary>Who a sign-in is for: the portal in a browser, or one of the apps.</summary>
public enum SignInClient
{
    Portal,
    App,
}

/// <summary>
/// The portal's own instruments, on the Meter <see cref="MeterName"/> (README.md lists them). Every tag value comes
/// from a closed set (an enum, a template name, a policy name): never a user id, an email or an address, so the number
/// of series stays bounded however many residents sign in.
/// </summary>
public sealed class PortalMetrics
{
    public const string MeterName = "ConnecXPortal";

    private readonly Counter<long> signIns;
    private readonly Counter<long> verifications;
    private readonly Counter<long> lockouts;
    private readonly Counter<long> enrolments;
    private readonly Counter<long> sessionsEnded;
    private readonly Counter<long> cutoverSessionsEnded;
    private readonly Counter<long> emails;
    private readonly Counter<long> refreshTokenReuse;
    private readonly Counter<long> rateLimitRejections;
    private readonly ConcurrentDictionary<SessionClient, (double Applied, double Due)> cutoverProgress = new();

    public PortalMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        signIns = meter.CreateCounter<long>("connecx.sign_ins", "{sign-in}", "Sign-ins by client and outcome: succeeded once every step is done, or why the password step failed.");
        verifications = meter.CreateCounter<long>("connecx.second_factor.verifications", "{verification}", "Second-factor checks (sign-ins and step-ups) by method and outcome.");
        lockouts = meter.CreateCounter<long>("connecx.lockouts", "{lockout}", "Accounts locked by repeated failures, by the step that locked them.");
        enrolments = meter.CreateCounter<long>("connecx.enrolments", "{factor}", "Sign-in methods set up, by method; first is true for an account's first method.");
        sessionsEnded = meter.CreateCounter<long>("connecx.sessions.ended", "{session}", "Sessions ended by sign-out, the user, support, a password or method change, or a reused refresh token, by reason.");
        cutoverSessionsEnded = meter.CreateCounter<long>("connecx.cutover.sessions.ended", "{session}", "Sessions the cutover job ended, by phase.");
        emails = meter.CreateCounter<long>("connecx.emails", "{email}", "Emails handed to the provider, by kind (template) and outcome.");
        refreshTokenReuse = meter.CreateCounter<long>("connecx.app.refresh_token_reuse", "{event}", "App refresh tokens presented again after they were exchanged (the session is ended).");
        rateLimitRejections = meter.CreateCounter<long>("connecx.rate_limit.rejections", "{request}", "Requests refused by a rate limit, by policy and scope.");
        meter.CreateObservableGauge("connecx.cutover.phase.progress", ObserveApplied, "1", "The share of a phase's spread the cutover job has applied (0 to 1), as last seen by this instance.");
        meter.CreateObservableGauge("connecx.cutover.phase.due", ObserveDue, "1", "The share of a phase's spread that is due by now (0 to 1); progress below it means the job is behind.");
    }

    public void SignIn(SignInClient client, string outcome, SignInMethod? method = null)
    {
        var tags = new TagList { { "client", Tag(client) }, { "outcome", outcome } };
        if (method is { } m)
        {
            tags.Add("method", Tag(m));
        }

        signIns.Add(1, tags);
    }

    /// <summary>A second factor checked: the method asked for and the outcome, as Factors names them.</summary>
    public void SecondFactorVerified<TMethod, TOutcome>(TMethod method, TOutcome outcome)
        where TMethod : struct, Enum
        where TOutcome : struct, Enum =>
        verifications.Add(1, new TagList { { "method", Tag(method) }, { "outcome", Tag(outcome) } });

    public void LockedOut(string step) => lockouts.Add(1, new KeyValuePair<string, object?>("step", step));

    public void Enrolled(FactorKind kind, bool first) =>
        enrolments.Add(1, new TagList { { "method", Tag(kind) }, { "first", first } });

    public void SessionsEnded(SessionEndReason reason, int count)
    {
        if (count > 0)
        {
            sessionsEnded.Add(count, new KeyValuePair<string, object?>("reason", Tag(reason)));
        }
    }

    public void CutoverSessionsEnded(SessionClient phase, int count) =>
        cutoverSessionsEnded.Add(count, new KeyValuePair<string, object?>("phase", Tag(phase)));

    /// <summary>How far a phase is applied and how far it is due, each as positions out of the spread's resolution.</summary>
    public void CutoverProgress(SessionClient phase, int appliedThrough, int due) =>
        cutoverProgress[phase] = ((double)appliedThrough / CutoverSpread.Resolution, (double)Math.Clamp(due, 0, CutoverSpread.Resolution) / CutoverSpread.Resolution);

    public void EmailSent(string template, int count = 1) => Email(template, "sent", count);

    public void EmailFailed(string template, int count = 1) => Email(template, "failed", count);

    /// <summary>The provider gave no clear answer (announcement batches): the emails may or may not go out.</summary>
    public void EmailUnconfirmed(string template, int count) => Email(template, "unconfirmed", count);

    public void RefreshTokenReused() => refreshTokenReuse.Add(1);

    public void RateLimitRejected(string policy, string scope) =>
        rateLimitRejections.Add(1, new TagList { { "policy", policy }, { "scope", scope } });

    /// <summary>snake_case of an enum member: PasswordAndTotp becomes password_and_totp.</summary>
    public static string Tag<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    private void Email(string template, string outcome, int count)
    {
        if (count > 0)
        {
            emails.Add(count, new TagList { { "kind", template }, { "outcome", outcome } });
        }
    }

    private IEnumerable<Measurement<double>> ObserveApplied() =>
        cutoverProgress.Select(p => new Measurement<double>(p.Value.Applied, new KeyValuePair<string, object?>("phase", Tag(p.Key))));

    private IEnumerable<Measurement<double>> ObserveDue() =>
        cutoverProgress.Select(p => new Measurement<double>(p.Value.Due, new KeyValuePair<string, object?>("phase", Tag(p.Key))));
}

/// <summary>The portal's own spans (the cutover job's runs), on the ActivitySource <see cref="Name"/>.</summary>
public static class PortalActivities
{
    public const string Name = "ConnecXPortal";

    public static ActivitySource Source { get; } = new(Name);
}
