using System.Security.Claims;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Observability;
using ConnecXPortal.Web.Features.Security;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.SignIn;

/// <summary>
/// The one place a portal sign-in finishes, whatever the path (password, password and a factor, passkey): the failed
/// attempt counter resets, a server-side session is recorded (client, browser, IP, how the user verified) together
/// with its audit event in one transaction, and the cookie is issued carrying that session's id.
/// </summary>
public sealed class SignInCompletion(
    SignInManager<PortalUser> signInManager,
    UserManager<PortalUser> users,
    ServerSessions sessions,
    AuditLog audit,
    StepUp stepUp,
    PortalMetrics metrics)
{
    public async Task CompleteAsync(PortalUser user, SignInMethod method)
    {
        await users.ResetAccessFailedCountAsync(user);

        var context = signInManager.Context;
        if (SessionCookie.SessionIdOf(context.User) is { } previous)
        {
            // Signing in again in the same browser replaces its session rather than leaving the old one live.
            await sessions.EndOnSignOutAsync(previous, context.RequestAborted);
        }

        var session = sessions.Stage(new SessionStart(
            user.Id,
            SessionClient.Portal,
            method,
            DeviceDescriptions.FromUserAgent(context.Request.Headers.UserAgent.ToString()),
            context.Connection.RemoteIpAddress?.ToString()));
        if (method.IsMultiFactor())
        {
            // The second factor just verified also counts as a step-up for the first minutes of the session.
            stepUp.Add(user.Id, session.Id);
        }

        audit.Add(AuditEntry.BySelf(AuditEventTypes.SignInSucceeded, user) with { Details = method.DisplayName() });
        await audit.SaveAsync(context.RequestAborted);

        var properties = new AuthenticationProperties { IsPersistent = false };
        var claims = SessionCookie.Attach(properties, session.Id, method);
        await signInManager.SignInWithClaimsAsync(user, properties, claims);
        metrics.SignIn(SignInClient.Portal, "succeeded", method);
    }
}
