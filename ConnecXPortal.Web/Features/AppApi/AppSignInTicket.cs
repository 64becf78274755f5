namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>
/// The server's record of one app sign-in ticket (its id is the ticket's attempt id): the ticket works while its record
/// is unused, and the call that completes the sign-in or the enrolment uses it up with a conditional UPDATE, so a ticket
/// completes one sign-in however many requests carry it.
/// </summary>
public sealed class AppSignInTicket
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When a call completed a sign-in or an enrolment with it; null while it can still be used.</summary>
    public DateTimeOffset? UsedAt { get; set; }
}
