using System.Net;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Factors.Totp;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>Factors for test users, and the sign-in steps after the password.</summary>
public static class MfaTestSupport
{
    /// <summary>Enrols an authenticator app for <paramref name="email"/> and returns its key.</summary>
    public static Task<string> AddAuthenticatorAsync(this PortalAppFactory app, string email) =>
        app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            var key = AuthenticatorApp.NewKey();
            var step = TotpPolicy.StepAt(app.Clock.GetUtcNow()) - 2;
            await services.GetRequiredService<SecondFactors>().AddAuthenticatorAsync(user, key, step);
            return key;
        });

    public static Task AddEmailFactorAsync(this PortalAppFactory app, string email) =>
        app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PortalUser>>();
            await services.GetRequiredService<SecondFactors>().AddEmailCodeAsync((await users.FindByEmailAsync(email))!);
        });

    /// <summary>A fresh resident with an authenticator app; returns the email and the key.</summary>
    public static async Task<(string Email, string Key)> CreateEnrolledResidentAsync(this PortalAppFactory app)
    {
        var email = (await app.CreateResidentAsync()).Email!;
        return (email, await app.AddAuthenticatorAsync(email));
    }

    /// <summary>The code the app shows now, after moving the clock to a new time step so that no code is reused.</summary>
    public static string NextTotp(this PortalAppFactory app, string key)
    {
        app.Clock.Advance(TotpPolicy.Step);
        return AuthenticatorApp.CodeAt(key, app.Clock.GetUtcNow());
    }

    /// <summary>The app API's mailbox step for an enrolment ticket: asks for the emailed code and enters it.</summary>
    public static async Task ConfirmMailboxAsync(this PortalAppFactory app, AppApiClient client, string email, string ticket)
    {
        var before = app.Emails.To(email).Count(m => m.Template == EmailCodes.Template);
        (await client.PostAsync("sign-in/enrolment/mailbox", new { ticket })).Status.Should().Be(HttpStatusCode.Accepted);
        var verified = await client.PostAsync("sign-in/enrolment/mailbox/verify", new { ticket, code = await app.Emails.WaitForCodeAsync(email, before) });
        verified.Status.Should().Be(HttpStatusCode.OK, verified.Body);
    }

    /// <summary>Submits a code on the challenge page and returns the response to the post.</summary>
    public static async Task<PortalResponse> SubmitCodeAsync(this PortalClient client, string code, string? method = null)
    {
        var page = await client.GetAsync(method is null ? "/account/verify" : $"/account/verify?method={method}");
        page.StatusCode.Should().Be(HttpStatusCode.OK, page.Html);
        return await client.SubmitAsync(page, "verify-code", new Dictionary<string, string> { ["Input.Code"] = code });
    }

    /// <summary>Chooses <paramref name="kind"/> on the wizard's first page and returns the page it leads to.</summary>
    public static async Task<PortalResponse> ChooseMethodAsync(this PortalClient client, FactorKind kind)
    {
        var setup = await client.GetAsync("/account/setup");
        var chosen = await client.SubmitAsync(setup, "choose-method", new Dictionary<string, string> { ["Input.Kind"] = kind.ToString() });
        chosen.IsRedirect.Should().BeTrue(chosen.Html);
        return await client.FollowAsync(chosen);
    }

    /// <summary>
    /// Enters the newest code emailed to <paramref name="email"/> on the mailbox step (<paramref name="page"/>) and
    /// returns the method's page it leads to.
    /// </summary>
    public static async Task<PortalResponse> ProveMailboxAsync(this PortalClient client, PortalAppFactory app, string email, PortalResponse page, int codesBefore = 0)
    {
        page.Heading.Should().Be("First, confirm it's your email", page.Html);
        var code = await app.Emails.WaitForCodeAsync(email, codesBefore);
        var proved = await client.SubmitAsync(page, "verify-mailbox", new Dictionary<string, string> { ["Input.Code"] = code });
        proved.IsRedirect.Should().BeTrue(proved.Html);
        return await client.FollowAsync(proved);
    }

    /// <summary>Password then authenticator code: a complete sign-in. Returns the final redirect.</summary>
    public static async Task<PortalResponse> SignInWithAuthenticatorAsync(this PortalClient client, PortalAppFactory app, string email, string key, string? returnUrl = null)
    {
        var password = await client.SubmitPasswordAsync(email, DemoAccounts.Password, returnUrl);
        password.Location!.AbsolutePath.Should().Be("/account/verify");
        return await client.SubmitCodeAsync(app.NextTotp(key));
    }
}

/// <summary>Reading codes and links out of captured emails.</summary>
public static partial class MfaEmails
{
    /// <summary>The 6-digit code in an email-code message.</summary>
    public static string CodeIn(ConnecXPortal.Web.Features.Notifications.EmailMessage message) =>
        CodeLine().Match(message.TextBody) is { Success: true } match ? match.Groups[1].Value
            : throw new InvalidOperationException($"No code in:\n{message.TextBody}");

    /// <summary>The newest email code sent to <paramref name="email"/> after <paramref name="afterCount"/> earlier ones.</summary>
    public static async Task<string> WaitForCodeAsync(this CapturedEmails emails, string email, int afterCount = 0) =>
        CodeIn(await emails.WaitForAsync(email, ConnecXPortal.Web.Features.Factors.EmailCode.EmailCodes.Template, afterCount));

    public static int CountOf(this CapturedEmails emails, string email, string template) =>
        emails.To(email).Count(m => m.Template == template);

    [System.Text.RegularExpressions.GeneratedRegex(@"^    (\d{6})\s*$", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex CodeLine();
}
