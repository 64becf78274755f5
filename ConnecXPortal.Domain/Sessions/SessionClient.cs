namespace ConnecXPortal.Domain.Sessions;

/// <summary>
/// What a session was signed in from. Each client has its own cutover phase; the values are stored, so an existing
/// value must never change.
/// </summary>
public enum SessionClient
{
    /// <summary>The resident portal in a browser (a cookie).</summary>
    Portal = 1,

    /// <summary>The connecX app on Android.</summary>
    Android = 2,

    /// <summary>The connecX app on iOS.</summary>
    Ios = 3,

    /// <summary>A white-label app (a partner's brand on the connecX platform), on either platform.</summary>
    WhiteLabel = 4,
}

/// <summary>Rules and names for <see cref="SessionClient"/>.</summary>
public static class SessionClients
{
    /// <summary>Whether the client is a mobile app (signed in through the app API, with a device and refresh tokens).</summary>
    public static bool IsApp(this SessionClient client) => client != SessionClient.Portal;

    /// <summary>The name shown to residents and support ("Android app").</summary>
    public static string DisplayName(this SessionClient client) => client switch
    {
        SessionClient.Portal => "Portal",
        SessionClient.Android => "Android app",
        SessionClient.Ios => "iOS app",
        SessionClient.WhiteLabel => "White-label app",
        _ => throw new ArgumentOutOfRangeException(nameof(client), client, "Unknown session client."),
    };
}
