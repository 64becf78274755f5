using System.Security.Claims;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.SignIn;

public static class PortalClaimTypes
{
    /// <summary>The name the portal greets the user with ("Olivia Nguyen").</summary>
    public const string DisplayName = "cx:display_name";

    /// <summary>How the user verified for this sign-in (a <see cref="ConnecXPortal.Domain.Factors.SignInMethod"/> name).</summary>
    public const string SignInMethod = "cx:sign_in_method";

    /// <summary>A random id of this sign-in (session), which step-up verifications and emailed codes are bound to.</summary>
    public const string SignInId = "cx:sign_in_id";
}

/// <summary>Adds the user's display name to the sign-in cookie so the layout does not query for it.</summary>
internal sealed class PortalClaimsPrincipalFactory(
    UserManager<PortalUser> users,
    RoleManager<PortalRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, PortalRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaimTypes.DisplayName, user.DisplayName));
        return identity;
    }
}
