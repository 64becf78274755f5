namespace ConnecXPortal.Web.Features.Factors;

/// <summary>Why <see cref="SecondFactorForm"/> asks for a second factor: it words, throttles and counts failures by this.</summary>
public enum SecondFactorPurpose
{
    /// <summary>After the password, to finish a sign-in: attempts are throttled and the email is masked.</summary>
    SignIn,

    /// <summary>A signed-in user confirming it's them before changing their account security.</summary>
    StepUp,
}
