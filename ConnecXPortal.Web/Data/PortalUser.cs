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

    /// <summary>Second factors failed after a right password since <see cref="SecondFactorFailedSince"/> (the "someone knows your password" alert).</summary>
    public int SecondFactorFailedCount { get; set; }

    /// <summary>When the first of the counted second-factor failures happened; null when none is counted.</summary>
    public DateTimeOffset? SecondFactorFailedSince { get; set; }

    /// <summary>When the owner was last emailed that someone knows their password (at most once a day).</summary>
    public DateTimeOffset? PasswordKnownAlertSentAt { get; set; }

    public string DisplayName => $"{GivenName} {FamilyName}".Trim() is { Length: > 0 } name ? name : Email ?? "";
}
