namespace ConnecXPortal.Web.Features.Factors.EmailCode;

/// <summary>What people are told when a new email code cannot be sent yet (portal pages and the app API alike).</summary>
public static class EmailCodeTiming
{
    /// <summary>Seconds for a short wait (the gap between codes); minutes once the hourly limit is reached.</summary>
    public static string WaitMessage(TimeSpan wait) => wait.TotalSeconds <= 90
        ? $"You can ask for another code in {WaitSeconds(wait)} seconds."
        : $"You have asked for several codes. You can ask for another in {(int)Math.Ceiling(wait.TotalMinutes)} minutes.";

    /// <summary>The wait in whole seconds, rounded up (as the wizard passes it on in <c>?wait=</c>).</summary>
    public static int WaitSeconds(TimeSpan wait) => (int)Math.Ceiling(wait.TotalSeconds);
}
