using System.Security.Claims;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace ConnecXPortal.Web.Features.Sessions;

public static class SessionClaimTypes
{
    /// <summary>The id of the <see cref="UserSession"/> a portal cookie belongs to.</summary>
    public const string SessionId = "cx:sid";
}

/// <summary>
/// Ties the portal cookie to its server-side session: the session id travels as a claim (for Blazor circuits, which
/// only see claims) and in the cookie's properties (which survive Identity rebuilding the principal). Every request's
/// cookie is checked against the session record; a cookie whose session has ended is rejected and removed, and the
/// sign-in redirect says why.
/// </summary>
public static class SessionCookie
{
    private const string SessionIdItem = ".cx.sid";
    private const string SignInMethodItem = ".cx.method";
    private const string EndReasonItem = "cx.session-end-reason";

    /// <summary>Puts the session into a new cookie's claims and properties.</summary>
    public static IReadOnlyList<Claim> Attach(AuthenticationProperties properties, Guid sessionId, SignInMethod method)
    {
        ArgumentNullException.ThrowIfNull(properties);
        properties.Items[SessionIdItem] = sessionId.ToString();
        properties.Items[SignInMethodItem] = method.ToString();
        return
        [
            new Claim(SessionClaimTypes.SessionId, sessionId.ToString()),
            new Claim(PortalClaimTypes.SignInMethod, method.ToString()),
        ];
    }

    /// <summary>
    /// Re-issues the current session's cookie after the user changed their own password or factors (which changes the
    /// security stamp and so ends every session): this session carries on, with how and when it signed in unchanged.
    /// </summary>
    public static async Task ReissueSessionCookieAsync(this SignInManager<PortalUser> signInManager, PortalUser user, ClaimsPrincipal current)
    {
        var kept = current.Claims.Where(c => c.Type.StartsWith("cx:", StringComparison.Ordinal) && c.Type != PortalClaimTypes.DisplayName)
            .Select(c => new Claim(c.Type, c.Value)).ToList();
        await signInManager.SignInWithClaimsAsync(user, isPersistent: false, kept);
    }

    /// <summary>The session a signed-in principal belongs to, or null.</summary>
    public static Guid? SessionIdOf(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue(SessionClaimTypes.SessionId), out var id) ? id : null;

    /// <summary>Wires the session checks into the portal cookie's events, keeping whatever handlers were there.</summary>
    internal static void Configure(CookieAuthenticationOptions cookie, UserSessionOptions sessions)
    {
        // The session record enforces the lifetime and can say why it ended; the cookie's own expiry is a backstop
        // that comes later, because an expired cookie is dropped before any handler can give the reason.
        cookie.ExpireTimeSpan = sessions.PortalLifetime + TimeSpan.FromHours(1);

        // Identity's own check (SecurityStampValidator.ValidatePrincipalAsync) would resolve the validator, and with it
        // a UserManager and a DbContext, from the request's services, as would the session check. A Blazor circuit's
        // connection is one request that lasts as long as the circuit, so they would stay in memory for hours: both
        // checks get a scope of their own, released as soon as the cookie has been checked.
        var events = cookie.Events;
        events.OnValidatePrincipal = async context =>
        {
            await using var scope = context.HttpContext.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            if (await ValidateSessionAsync(context, scope.ServiceProvider))
            {
                await scope.ServiceProvider.GetRequiredService<ISecurityStampValidator>().ValidateAsync(context);
            }
        };

        var signingIn = events.OnSigningIn;
        events.OnSigningIn = context =>
        {
            // SignInManager.RefreshSignInAsync rebuilds the principal but keeps the properties: restore the claims.
            RestoreClaims(context.Principal, context.Properties);
            return signingIn(context);
        };

        var redirectToLogin = events.OnRedirectToLogin;
        events.OnRedirectToLogin = context =>
        {
            if (context.HttpContext.Items[EndReasonItem] is string reason)
            {
                context.RedirectUri = QueryHelpers.AddQueryString(context.RedirectUri, "reason", reason);
            }

            return redirectToLogin(context);
        };
    }

    /// <summary>The security-stamp validator rebuilds the principal every 30 minutes: keep the session's claims.</summary>
    internal static void KeepClaimsOnRefresh(SecurityStampValidatorOptions options)
    {
        var previous = options.OnRefreshingPrincipal;
        options.OnRefreshingPrincipal = async context =>
        {
            if (context.NewPrincipal?.Identity is ClaimsIdentity identity && context.CurrentPrincipal is { } current)
            {
                foreach (var type in (string[])[SessionClaimTypes.SessionId, PortalClaimTypes.SignInMethod])
                {
                    if (!identity.HasClaim(c => c.Type == type) && current.FindFirst(type) is { } claim)
                    {
                        identity.AddClaim(new Claim(claim.Type, claim.Value));
                    }
                }
            }

            if (previous is not null)
            {
                await previous(context);
            }
        };
    }

    private static async Task<bool> ValidateSessionAsync(CookieValidatePrincipalContext context, IServiceProvider services)
    {
        // The claim, not the properties: a Blazor circuit only sees claims, so a cookie must always carry it.
        var sessionId = SessionIdOf(context.Principal);
        if (sessionId is null)
        {
            await RejectAsync(context, SignInMessages.SessionEnded);
            return false;
        }

        var sessions = services.GetRequiredService<ServerSessions>();
        var check = await sessions.CheckRequestAsync(sessionId.Value, context.HttpContext.RequestAborted);
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (!check.IsLive || check.UserId.ToString() != userId)
        {
            await RejectAsync(context, SignInMessages.ForSessionEnd(check.IsLive ? null : check.EndedBecause));
            return false;
        }

        return true;
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context, string reason)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(context.Scheme.Name);
        context.HttpContext.Items[EndReasonItem] = reason;
    }

    private static void RestoreClaims(ClaimsPrincipal? principal, AuthenticationProperties properties)
    {
        if (principal?.Identity is not ClaimsIdentity identity)
        {
            return;
        }

        foreach (var (type, item) in (ReadOnlySpan<(string, string)>)[(SessionClaimTypes.SessionId, SessionIdItem), (PortalClaimTypes.SignInMethod, SignInMethodItem)])
        {
            if (!identity.HasClaim(c => c.Type == type) && properties.GetString(item) is { Length: > 0 } value)
            {
                identity.AddClaim(new Claim(type, value));
            }
        }
    }
}
