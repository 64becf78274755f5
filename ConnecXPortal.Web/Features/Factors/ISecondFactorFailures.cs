using ConnecXPortal.Web.Data;

namespace ConnecXPortal.Web.Features.Factors;

/// <summary>
/// What a second factor that was not accepted does to the account: it counts towards the lockout shared with wrong
/// passwords and, after a right password, towards the "someone knows your password" alert. SignIn answers it
/// (<c>SignInFailures</c>), where the lockout lives.
/// </summary>
public interface ISecondFactorFailures
{
    /// <summary>Records the failure; true when the account is locked now (by this failure or before it).</summary>
    Task<bool> SecondFactorFailedAsync(PortalUser user, string details, bool afterPassword, CancellationToken cancellationToken = default);
}
