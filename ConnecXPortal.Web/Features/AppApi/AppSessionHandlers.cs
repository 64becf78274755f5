using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Factors.Totp;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>A signed-in app's session: refresh its tokens, read it, sign out.</summary>
internal static class AppSessionHandlers
{
    public static async Task<IResult> RefreshAsync(RefreshRequest request, HttpContext http, AppSessions appSessions, CancellationToken cancellationToken)
    {
        var (tokens, problem) = await appSessions.RefreshAsync(request.RefreshToken.Trim(), AppClient.Of(http), cancellationToken);
        return problem?.ToResult() ?? TypedResults.Ok(tokens);
    }

    public static async Task<IResult> GetSessionAsync(HttpContext http, PortalDbContext db, CancellationToken cancellationToken)
    {
        var caller = AppCaller.Of(http);
        var found = await db.UserSessions.AsNoTracking()
            .Where(s => s.Id == caller.SessionId)
            .Select(s => new { Session = s, s.User.Email, s.User.GivenName, s.User.FamilyName })
            .SingleAsync(cancellationToken);
        var s = found.Session;
        return TypedResults.Ok(new SessionResponse(
            s.UserId,
            found.Email ?? "",
            $"{found.GivenName} {found.FamilyName}".Trim(),
            new SessionInfo(s.Id, AppClient.PlatformOf(s.Client), s.Brand, s.Device, s.AppVersion, s.SignInMethod.DisplayName(), s.CreatedAt, s.ExpiresAt)));
    }

    public static async Task<IResult> SignOutAsync(HttpContext http, AppSessions appSessions, CancellationToken cancellationToken)
    {
        await appSessions.SignOutAsync(AppCaller.Of(http), cancellationToken);
        return TypedResults.NoContent();
    }
}
