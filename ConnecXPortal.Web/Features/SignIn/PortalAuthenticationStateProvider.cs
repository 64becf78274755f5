using System.Security.Claims;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.SignIn;

/// <summary>
/// Checks a live Blazor circuit's user at an interval below a minute: its server-side session must still be live
/// (not ended, idle, expired or cut over) and the account's security stamp unchanged (it changes when a password is
/// reset or factors change). When either fails the circuit becomes anonymous, the page sends the user to the sign-in
/// page, and <see cref="CircuitSession.EndReason"/> says why.
/// </summary>
internal sealed class PortalAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> identityOptions,
    IOptions<UserSessionOptions> sessionOptions,
    CircuitSession circuitSession)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => sessionOptions.Value.CircuitRevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var principal = authenticationState.User;
        if (SessionCookie.SessionIdOf(principal) is not { } sessionId)
        {
            circuitSession.Ended(SignInMessages.SessionEnded);
            return false;
        }

        var sessions = scope.ServiceProvider.GetRequiredService<ServerSessions>();
        var check = await sessions.CheckCircuitAsync(sessionId, circuitSession.LastActivityAt, cancellationToken);
        if (!check.IsLive)
        {
            circuitSession.Ended(SignInMessages.ForSessionEnd(check.EndedBecause));
            return false;
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.GetUserAsync(principal);
        var principalStamp = principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        if (user is null || check.UserId != user.Id || principalStamp != await users.GetSecurityStampAsync(user))
        {
            circuitSession.Ended(SignInMessages.SessionEnded);
            return false;
        }

        return true;
    }
}
