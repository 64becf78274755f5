using ConnecXPortal.Web.Data;

namespace ConnecXPortal.Web.Features.Cutover;

/// <summary>Which users have a second factor, for the cutover report.</summary>
public static class FactorCoverage
{
    private const string IdentityStoreProvider = "[AspNetUserStore]";
    private const string AuthenticatorKeyToken = "AuthenticatorKey";

    /// <summary>
    /// Activated users with no second factor. This is the one query to point at the factor table when it lands
    /// (issue 3 records each enrolled factor as a row); until then it reads what the Identity store holds: an
    /// authenticator key, a passkey, or two-factor switched on (how an email-code enrolment shows in Identity).
    /// </summary>
    public static IQueryable<PortalUser> ActivatedUsersWithoutFactor(this PortalDbContext db) =>
        db.Users.Where(u => u.ActivatedAt != null
            && !u.TwoFactorEnabled
            && !db.UserTokens.Any(t => t.UserId == u.Id && t.LoginProvider == IdentityStoreProvider && t.Name == AuthenticatorKeyToken)
            && !db.UserPasskeys.Any(p => p.UserId == u.Id));
}
