namespace ConnecXPortal.Domain.People;

/// <summary>Where a user stands in the MFA rollout.</summary>
public enum AccountStatus
{
    /// <summary>Invited: the account exists but the activation link has not been used.</summary>
    Invited = 1,

    /// <summary>Activated (a password is set) but no second factor is enrolled yet.</summary>
    ActivatedWithoutFactor = 2,

    /// <summary>Activated and at least one second factor enrolled.</summary>
    Enrolled = 3,
}

/// <summary>Rules that derive a user's <see cref="AccountStatus"/>.</summary>
public static class AccountStatusRules
{
    /// <summary>The status of an account from whether it is activated and how many factors it has.</summary>
    public static AccountStatus From(bool activated, int factorCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(factorCount);
        if (!activated)
        {
            return AccountStatus.Invited;
        }

        return factorCount == 0 ? AccountStatus.ActivatedWithoutFactor : AccountStatus.Enrolled;
    }

    /// <summary>The label shown to managers and support for <paramref name="status"/>.</summary>
    public static string DisplayName(this AccountStatus status) => status switch
    {
        AccountStatus.Invited => "Invited",
        AccountStatus.ActivatedWithoutFactor => "Activated, not enrolled",
        AccountStatus.Enrolled => "Enrolled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown account status."),
    };
}
