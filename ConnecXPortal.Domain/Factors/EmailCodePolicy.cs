namespace ConnecXPortal.Domain.Factors;

/// <summary>
/// One-time codes sent by email: 6 digits from a cryptographic random source, valid 10 minutes, usable once, bound to
/// the sign-in attempt that asked for it, void after 5 wrong entries; a new one can be sent after 60 seconds, at most
/// 5 an hour.
/// </summary>
public static class EmailCodePolicy
{
    /// <summary>Digits in a code.</summary>
    public const int Digits = 6;

    /// <summary>Wrong entries after which a code is void.</summary>
    public const int MaxWrongEntries = 5;

    /// <summary>Codes that may be sent to one account in <see cref="SendWindow"/>.</summary>
    public const int MaxSendsPerWindow = 5;

    /// <summary>How long a code can be used.</summary>
    public static TimeSpan Lifetime { get; } = TimeSpan.FromMinutes(10);

    /// <summary>How long to wait before another code is sent.</summary>
    public static TimeSpan ResendAfter { get; } = TimeSpan.FromSeconds(60);

    /// <summary>The window <see cref="MaxSendsPerWindow"/> counts over.</summary>
    public static TimeSpan SendWindow { get; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether a code may be sent at <paramref name="now"/> given when earlier codes were sent to the same account.
    /// Returns null when it may, otherwise how long to wait.
    /// </summary>
    public static TimeSpan? WaitBeforeSending(DateTimeOffset now, IEnumerable<DateTimeOffset> earlierSends)
    {
        var recent = earlierSends.Where(s => s > now - SendWindow).OrderBy(s => s).ToList();
        TimeSpan? wait = null;
        if (recent.Count > 0 && recent[^1] + ResendAfter > now)
        {
            wait = recent[^1] + ResendAfter - now;
        }

        if (recent.Count >= MaxSendsPerWindow)
        {
            var windowWait = recent[recent.Count - MaxSendsPerWindow] + SendWindow - now;
            wait = wait is null || windowWait > wait ? windowWait : wait;
        }

        return wait;
    }

    /// <summary>Whether a code sent at <paramref name="sentAt"/> with <paramref name="wrongEntries"/> can still be entered.</summary>
    public static bool IsUsable(DateTimeOffset sentAt, DateTimeOffset now, int wrongEntries, bool used) =>
        !used && wrongEntries < MaxWrongEntries && now < sentAt + Lifetime;

    /// <summary>Makes a code from a cryptographically random number in [0, 10^6).</summary>
    public static string Format(int randomNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(randomNumber);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(randomNumber, 1_000_000);
        return randomNumber.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="input"/> looks like a code (6 digits after removing spaces).</summary>
    public static bool IsWellFormed(string? input) => CodeFormat.Normalize(input) is { Length: Digits } code && code.All(char.IsAsciiDigit);
}
