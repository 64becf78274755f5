using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Hosting;

namespace ConnecXPortal.Web.Features.SignIn;

/// <summary>
/// What follows a right password: a user with factors is challenged for one (before the cutover too); a user without
/// goes through the wizard once MFA is mandatory, and before then signs in with the password alone.
/// </summary>
public sealed class SignInFlow(
    SecondFactors factors,
    PendingSignIns pending,
    EmailCodes emailCodes,
    SignInCompletion completion)
{
    /// <summary>Where to send the browser next.</summary>
    public async Task<string> AfterPasswordAsync(PortalUser user, string? returnUrl)
    {
        var enrolled = await factors.ListAsync(user.Id);
        switch (FactorRules.AfterPassword(enrolled.Count, factors.IsMfaMandatory))
        {
            case AfterPasswordStep.VerifySecondFactor:
                var attempt = await pending.StartAsync(user, PendingStage.Challenge, returnUrl);
                if (enrolled[0].Kind == FactorKind.EmailCode)
                {
                    await emailCodes.SendAsync(user, attempt.AttemptId, EmailCodePurpose.SignIn);
                }

                return attempt.Path;
            case AfterPasswordStep.Enrol:
                return (await pending.StartAsync(user, PendingStage.Wizard, returnUrl)).Path;
        }

        await pending.EndAsync();
        await completion.CompleteAsync(user, SignInMethod.Password);
        return ReturnUrls.Sanitize(returnUrl);
    }
}
