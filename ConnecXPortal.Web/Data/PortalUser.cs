using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Data;

public sealed class PortalUser : IdentityUser<Guid>
{
    [PersonalData]
    public string GivenName { get; set; } = "";

    [PersonalData]
    public string FamilyName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the invitation (activation email) was last sent; null for accounts created another way.</summary>
    public DateTimeOffset? InvitedAt { get; set; }

    /// <summary>When the user set their password through the activation link; null while only invited.</summary>
    public DateTimeOffset? ActivatedAt { get; set; }

    /// <summary>The building a resident lives in; null for staff.</summary>
    public Guid? BuildingId { get; set; }

    public Building? Building { get; set; }

    [PersonalData]
    public string? Unit { get; set; }

    public string DisplayName => $"{GivenName} {FamilyName}".Trim() is { Length: > 0 } name ? name : Email ?? "";
}
