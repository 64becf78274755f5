namespace ConnecXPortal.Web.Features.Security;

/// <summary>A second-factor verification in one signed-in session, which lets that session change security settings for a while.</summary>
public sealed class StepUpVerification
{
    public long Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The session's server-side session (<see cref="ConnecXPortal.Web.Features.Sessions.UserSession"/>) id.</summary>
    public Guid SignInId { get; set; }

    public DateTimeOffset VerifiedAt { get; set; }
}
