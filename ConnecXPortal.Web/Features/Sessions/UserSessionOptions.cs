using System.ComponentModel.DataAnnotations;
using ConnecXPortal.Domain.Sessions;

namespace ConnecXPortal.Web.Features.Sessions;

/// <summary>How long portal sessions live and how often they are checked (appsettings.json, section Sessions).</summary>
public sealed class UserSessionOptions
{
    public const string SectionName = "Sessions";

    /// <summary>A portal session with no activity for this long ends.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00",
        ErrorMessage = "Sessions:PortalIdleTimeout must be between 1 minute and 1 day.")]
    public TimeSpan PortalIdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A portal session ends this long after sign-in, however active.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00",
        ErrorMessage = "Sessions:PortalLifetime must be between 1 minute and 7 days.")]
    public TimeSpan PortalLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Last-seen is written at most this often per session, so a busy user does not write on every request.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00",
        ErrorMessage = "Sessions:LastSeenWriteInterval must be between 0 and 10 minutes.")]
    public TimeSpan LastSeenWriteInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a live Blazor circuit checks its session: below a minute, so an ended session is signed out within one.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:59",
        ErrorMessage = "Sessions:CircuitRevalidationInterval must be between 1 and 59 seconds: a live page must notice an ended session within a minute.")]
    public TimeSpan CircuitRevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an app session lasts at most: set by the app API from AppApi:SessionAbsoluteLifetime, not bound here.</summary>
    internal TimeSpan AppAbsoluteLifetime { get; set; } = SessionPolicy.DefaultAppAbsoluteLifetime;

    public SessionPolicy ToPolicy() => new(PortalIdleTimeout, PortalLifetime) { AppAbsoluteLifetime = AppAbsoluteLifetime };
}
