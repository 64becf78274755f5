namespace ConnecXPortal.Domain.Factors;

/// <summary>
/// RFC 6238 time-based one-time passwords as the portal accepts them: 6 digits, a 30-second step, at most one step
/// of clock drift either way, and each step accepted at most once (replay protection, which ASP.NET Core Identity does
/// not do by itself).
/// </summary>
public static class TotpPolicy
{
    /// <summary>Digits in a code.</summary>
    public const int Digits = 6;

    /// <summary>Steps of drift allowed before and after the current one.</summary>
    public const int AllowedDriftSteps = 1;

    /// <summary>The length of one time step.</summary>
    public static TimeSpan Step { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The time step that <paramref name="now"/> falls in (seconds since the Unix epoch divided by 30).</summary>
    public static long StepAt(DateTimeOffset now) => now.ToUnixTimeSeconds() / (long)Step.TotalSeconds;

    /// <summary>The instant a time step starts.</summary>
    public static DateTimeOffset StepStart(long step) => DateTimeOffset.FromUnixTimeSeconds(step * (long)Step.TotalSeconds);

    /// <summary>The steps a code entered at <paramref name="now"/> may belong to, the current one first.</summary>
    public static IReadOnlyList<long> StepsToTry(DateTimeOffset now)
    {
        var current = StepAt(now);
        var steps = new List<long> { current };
        for (var drift = 1; drift <= AllowedDriftSteps; drift++)
        {
            steps.Add(current - drift);
            steps.Add(current + drift);
        }

        return steps;
    }

    /// <summary>
    /// Whether a code that matched <paramref name="matchedStep"/> may be accepted, given the last step accepted for
    /// this authenticator: only a later step is, so a code can never be used twice.
    /// </summary>
    public static bool IsFresh(long matchedStep, long? lastAcceptedStep) => lastAcceptedStep is null || matchedStep > lastAcceptedStep;

    /// <summary>Whether <paramref name="input"/> looks like a code (6 digits after removing spaces).</summary>
    public static bool IsWellFormed(string? input) => CodeFormat.Normalize(input) is { Length: Digits } code && code.All(char.IsAsciiDigit);
}

/// <summary>Tidies codes people type or paste.</summary>
public static class CodeFormat
{
    /// <summary>Removes spaces and hyphens and upper-cases letters; null stays null.</summary>
    public static string? Normalize(string? input) =>
        input is null ? null : new string([.. input.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant)]);
}
