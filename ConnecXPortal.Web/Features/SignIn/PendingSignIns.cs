using System.Globalization;
using System.Security.Claims;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Security;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.SignIn;

public enum PendingStage
{
    /// <summary>The password was right; the user must now verify a second factor.</summary>
    Challenge = 1,

    /// <summary>The password was right (or just set) and the user has no factor: the enrolment wizard.</summary>
    Wizard = 2,
}

/// <summary>A half-finished sign-in: who, at which stage, and the attempt id emailed codes are bound to.</summary>
public sealed record PendingSignIn(PortalUser User, PendingStage Stage, Guid AttemptId, string ReturnUrl, DateTimeOffset StartedAt)
{
    public string Path => PendingSignIns.PathFor(Stage);

    /// <summary>The attempt began with the activation link emailed to the account: it holds the mailbox.</summary>
    public bool MailboxProvedByLink { get; init; }

    /// <summary>The factors this attempt enrolled (the wizard): any other factor on the account voids it.</summary>
    public IReadOnlyList<Guid> AddedFactorIds { get; init; } = [];
}

/// <summary>Why a pending sign-in cookie was not honoured.</summary>
public enum PendingRejection
{
    /// <summary>It is older than 15 minutes (or unreadable).</summary>
    Expired = 1,

    /// <summary>The account changed since (security stamp: password or sign-in methods), or no longer exists.</summary>
    AccountChanged = 2,
}

/// <summary>
/// The half-signed-in state, in its own short-lived cookie (15 minutes from the password, never extended). It is not
/// a sign-in: the application cookie is only issued by <see cref="SignInCompletion"/> once every step is done, and
/// <see cref="PendingSignInGate"/> sends the user back to their step from every other page and endpoint.
/// </summary>
public sealed class PendingSignIns(
    IHttpContextAccessor httpContextAccessor,
    UserManager<PortalUser> users,
    IOptions<IdentityOptions> identityOptions,
    AuditLog audit,
    TimeProvider clock)
{
    public const string Scheme = "Portal.Pending";
    public const string CookieName = "connecx.pending";
    public const string ChallengePath = "/account/verify";
    public const string WizardPath = "/account/setup";

    private const string StageClaim = "cx:pending_stage";
    private const string AttemptClaim = "cx:pending_attempt";
    private const string StartedClaim = "cx:pending_started";
    private const string ReturnUrlClaim = "cx:pending_return";
    private const string MailboxClaim = "cx:pending_mailbox";
    private const string AddedFactorClaim = "cx:pending_factor";

    private bool loaded;
    private PendingSignIn? current;

    private HttpContext Context => httpContextAccessor.HttpContext ?? throw new InvalidOperationException("A pending sign-in needs an HTTP request.");

    public static string PathFor(PendingStage stage) => stage == PendingStage.Challenge ? ChallengePath : WizardPath;

    /// <summary>Why the last <see cref="GetAsync"/> found a pending cookie but did not honour it (null when it did, or there was none).</summary>
    public PendingRejection? Rejection { get; private set; }

    /// <param name="user">Whose password was right (or just set).</param>
    /// <param name="stage">The next step.</param>
    /// <param name="returnUrl">Where to go once signed in.</param>
    /// <param name="mailboxProvedByLink">The user came from a link emailed to the account (activation).</param>
    public async Task<PendingSignIn> StartAsync(PortalUser user, PendingStage stage, string? returnUrl, bool mailboxProvedByLink = false)
    {
        var pending = new PendingSignIn(user, stage, Guid.NewGuid(), ReturnUrls.Sanitize(returnUrl), clock.GetUtcNow())
        {
            MailboxProvedByLink = mailboxProvedByLink,
        };
        await WriteAsync(pending);
        return pending;
    }

    /// <summary>
    /// Writes the pending sign-in again with the account's current security stamp, after this attempt changed the
    /// account itself (it enrolled a factor): the attempt carries on, every other one stays void. Start time unchanged.
    /// </summary>
    public Task UpdateAsync(PendingSignIn pending) => WriteAsync(pending);

    /// <summary>Moves a pending sign-in on to the wizard (the activation path), keeping its attempt and start time.</summary>
    public async Task<PendingSignIn> MoveToAsync(PendingSignIn pending, PendingStage stage)
    {
        var moved = pending with { Stage = stage };
        await WriteAsync(moved);
        return moved;
    }

    /// <summary>The current pending sign-in, or null when there is none, it expired, or the account changed since.</summary>
    public async Task<PendingSignIn?> GetAsync()
    {
        if (loaded)
        {
            return current;
        }

        loaded = true;
        var result = await Context.AuthenticateAsync(Scheme);
        if (result.Principal is not { } principal)
        {
            return null;
        }

        (current, Rejection) = await ReadAsync(principal);
        if (current is null)
        {
            await Context.SignOutAsync(Scheme);
        }

        return current;
    }

    public async Task EndAsync()
    {
        loaded = true;
        current = null;
        Rejection = null;
        await Context.SignOutAsync(Scheme);
    }

    private async Task WriteAsync(PendingSignIn pending)
    {
        var identity = new ClaimsIdentity(Scheme);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, pending.User.Id.ToString()));
        identity.AddClaim(new Claim(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType, await users.GetSecurityStampAsync(pending.User)));
        identity.AddClaim(new Claim(StageClaim, pending.Stage.ToString()));
        identity.AddClaim(new Claim(AttemptClaim, pending.AttemptId.ToString()));
        identity.AddClaim(new Claim(StartedClaim, pending.StartedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(ReturnUrlClaim, pending.ReturnUrl));
        if (pending.MailboxProvedByLink)
        {
            identity.AddClaim(new Claim(MailboxClaim, "link"));
        }

        foreach (var factorId in pending.AddedFactorIds)
        {
            identity.AddClaim(new Claim(AddedFactorClaim, factorId.ToString()));
        }

        await Context.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties
        {
            IsPersistent = false,
            AllowRefresh = false,
            ExpiresUtc = pending.StartedAt + SecurityTimings.PendingSignIn,
        });
        loaded = true;
        current = pending;
    }

    private async Task<(PendingSignIn? Pending, PendingRejection? Rejection)> ReadAsync(ClaimsPrincipal principal)
    {
        if (!long.TryParse(principal.FindFirstValue(StartedClaim), CultureInfo.InvariantCulture, out var startedMs)
            || !Enum.TryParse<PendingStage>(principal.FindFirstValue(StageClaim), out var stage)
            || !Guid.TryParse(principal.FindFirstValue(AttemptClaim), out var attemptId))
        {
            return (null, PendingRejection.Expired);
        }

        var startedAt = DateTimeOffset.FromUnixTimeMilliseconds(startedMs);
        if (!SecurityTimings.IsWithin(startedAt, SecurityTimings.PendingSignIn, clock.GetUtcNow()))
        {
            return (null, PendingRejection.Expired);
        }

        var user = await users.FindByIdAsync(principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "");
        if (user is null || principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType) != await users.GetSecurityStampAsync(user))
        {
            if (user is not null && stage == PendingStage.Wizard)
            {
                await audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.EnrolmentVoided, user) with
                {
                    Details = "The sign-in methods or the password changed while the set-up was open.",
                });
            }

            return (null, PendingRejection.AccountChanged);
        }

        return (new PendingSignIn(user, stage, attemptId, ReturnUrls.Sanitize(principal.FindFirstValue(ReturnUrlClaim)), startedAt)
        {
            MailboxProvedByLink = principal.HasClaim(MailboxClaim, "link"),
            AddedFactorIds = [.. principal.FindAll(AddedFactorClaim).Select(c => Guid.TryParse(c.Value, out var id) ? id : Guid.Empty)],
        }, null);
    }
}

/// <summary>
/// While a sign-in is half done, every portal page and endpoint sends the user back to their step (the second-factor
/// challenge or the wizard); only those steps, the ways out (sign-in, sign-out) and static files stay reachable.
/// </summary>
internal static class PendingSignInGate
{
    private static readonly string[] OpenPrefixes =
    [
        PendingSignIns.ChallengePath, PendingSignIns.WizardPath, "/account/passkey", SignInPaths.SignIn, SignInPaths.SignOut,
        SignInPaths.LockedOut, "/account/forgot-password", "/account/reset-password", "/account/activate",
        "/_framework", "/_content", "/brand", "/error", "/not-found",
    ];

    public static IApplicationBuilder UsePendingSignInGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (!context.Request.Cookies.ContainsKey(PendingSignIns.CookieName) || IsOpen(path))
        {
            await next(context);
            return;
        }

        // In a scope of its own: the request may be a Blazor circuit's connection, which lasts for hours.
        await using var scope = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var pending = await scope.ServiceProvider.GetRequiredService<PendingSignIns>().GetAsync();
        if (pending is null)
        {
            await next(context);
            return;
        }

        context.Response.Redirect(pending.Path);
    });

    private static bool IsOpen(PathString path) =>
        OpenPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
        || System.IO.Path.HasExtension(path.Value);
}
