namespace ConnecXPortal.Domain.Security;

/// <summary>Why a password was refused.</summary>
public enum PasswordProblem
{
    /// <summary>Shorter than <see cref="PasswordPolicy.MinimumLength"/>.</summary>
    TooShort = 1,

    /// <summary>Longer than <see cref="PasswordPolicy.MaximumLength"/>.</summary>
    TooLong = 2,

    /// <summary>One of the most common passwords.</summary>
    Common = 3,
}

/// <summary>
/// NIST SP 800-63B and OWASP ASVS 5.0 V6.2: 12 to 128 characters, no composition rules (any characters, spaces
/// included), and not one of the 10,000 most common passwords.
/// </summary>
public static class PasswordPolicy
{
    /// <summary>The fewest characters a password may have.</summary>
    public const int MinimumLength = 12;

    /// <summary>The most characters a password may have.</summary>
    public const int MaximumLength = 128;

    /// <summary>The problems with <paramref name="password"/>; empty when it is acceptable.</summary>
    /// <param name="password">The password as typed.</param>
    /// <param name="isCommon">Whether the password is on the common-password list (looked up by the caller).</param>
    public static IReadOnlyList<PasswordProblem> Check(string password, bool isCommon)
    {
        ArgumentNullException.ThrowIfNull(password);
        var length = password.EnumerateRunes().Count();
        var problems = new List<PasswordProblem>();
        if (length < MinimumLength)
        {
            problems.Add(PasswordProblem.TooShort);
        }
        else if (length > MaximumLength)
        {
            problems.Add(PasswordProblem.TooLong);
        }

        if (isCommon)
        {
            problems.Add(PasswordProblem.Common);
        }

        return problems;
    }

    /// <summary>The sentence shown for <paramref name="problem"/>.</summary>
    public static string Describe(this PasswordProblem problem) => problem switch
    {
        PasswordProblem.TooShort => $"Use at least {MinimumLength} characters. A few words together make a good password.",
        PasswordProblem.TooLong => $"Use at most {MaximumLength} characters.",
        PasswordProblem.Common => "That password is one of the most common passwords, so it is easy to guess. Choose another.",
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, "Unknown password problem."),
    };
}
