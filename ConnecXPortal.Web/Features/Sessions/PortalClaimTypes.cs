namespace ConnecXPortal.Web.Features.Sessions;

/// <summary>The portal's own claims in the sign-in cookie; the session checks copy the sign-in method across refreshes.</summary>
public static class PortalClaimTypes
{
    /// <summary>The name the portal greets the user with ("Olivia Nguyen").</summary>
    public const string DisplayName = "cx:display_name";

    /// <summary>How the user verified for this sign-in (a <see cref="ConnecXPortal.Domain.Factors.SignInMethod"/> name).</summary>
    public const string SignInMethod = "cx:sign_in_method";

    /// <summary>A random id of this sign-in (session), which step-up verifications and emailed codes are bound to.</summary>
    public const string SignInId = "cx:sign_in_id";
}
