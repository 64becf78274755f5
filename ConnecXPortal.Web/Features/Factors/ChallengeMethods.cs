using ConnecXPortal.Domain.Factors;

namespace ConnecXPortal.Web.Features.Factors;

/// <summary>The mapping between the factor kinds a user enrols and the methods a challenge offers for them.</summary>
public static class ChallengeMethods
{
    /// <summary>The challenge method that proves a factor of <paramref name="kind"/>.</summary>
    public static ChallengeMethod For(FactorKind kind) => kind switch
    {
        FactorKind.AuthenticatorApp => ChallengeMethod.AuthenticatorApp,
        FactorKind.Passkey => ChallengeMethod.Passkey,
        FactorKind.EmailCode => ChallengeMethod.EmailCode,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown factor kind."),
    };

    /// <summary>The factor kind <paramref name="method"/> proves; null for a recovery code (not a factor) or an unknown value.</summary>
    public static FactorKind? KindOf(ChallengeMethod method) => method switch
    {
        ChallengeMethod.AuthenticatorApp => FactorKind.AuthenticatorApp,
        ChallengeMethod.Passkey => FactorKind.Passkey,
        ChallengeMethod.EmailCode => FactorKind.EmailCode,
        _ => null,
    };

    /// <summary>Whether a user with factors of <paramref name="kinds"/> can use <paramref name="method"/>: a recovery code always.</summary>
    public static bool IsOffered(ChallengeMethod method, IEnumerable<FactorKind> kinds) =>
        method == ChallengeMethod.RecoveryCode || (KindOf(method) is { } kind && kinds.Contains(kind));
}
