namespace ConnecXPortal.Domain.Security;

/// <summary>How long the portal's security links and states last.</summary>
public static class SecurityTimings
{
    /// <summary>The half-signed-in state: after the password, before the second factor or the end of the wizard.</summary>
    public static TimeSpan PendingSignIn { get; } = TimeSpan.FromMinutes(15);

    /// <summary>How recent a second-factor verification must be to change security settings (step-up).</summary>
    public static TimeSpan StepUp { get; } = TimeSpan.FromMinutes(5);

    /// <summary>An invitation's activation link.</summary>
    public static TimeSpan ActivationLink { get; } = TimeSpan.FromDays(7);

    /// <summary>A forgotten-password link.</summary>
    public static TimeSpan PasswordResetLink { get; } = TimeSpan.FromHours(1);

    /// <summary>Whether something started at <paramref name="start"/> is still within <paramref name="lifetime"/> at <paramref name="now"/>.</summary>
    public static bool IsWithin(DateTimeOffset start, TimeSpan lifetime, DateTimeOffset now) => now >= start && now < start + lifetime;
}
