using ConnecXPortal.Bench.Data;
using ConnecXPortal.Web.Features.Factors.Totp;

namespace ConnecXPortal.Bench.Clients;

/// <summary>A complete portal sign-in as a person does it: the sign-in form with the password, then the authenticator code.</summary>
public static class PortalSignIn
{
    public const string AppCookie = "connecx.portal";

    /// <summary>Signs <paramref name="account"/> in with a fresh set of cookies; afterwards the browser holds the portal cookie.</summary>
    public static async Task SignInAsync(FormlessBrowser browser, SignInAccount account, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        browser.StartOver();
        var signInPage = await browser.GetAsync("/account/sign-in", cancellationToken);
        Expect(signInPage.Status == System.Net.HttpStatusCode.OK, "GET /account/sign-in", signInPage);
        var afterPassword = await browser.SubmitAsync(signInPage, "/account/sign-in", "sign-in",
            [new("Input.Email", account.Email), new("Input.Password", BenchPeople.Password)], cancellationToken);
        Expect(afterPassword.IsRedirectTo("/account/verify"), "the password", afterPassword);

        var verifyPage = await browser.GetAsync("/account/verify", cancellationToken);
        Expect(verifyPage.Status == System.Net.HttpStatusCode.OK, "GET /account/verify", verifyPage);
        var code = AuthenticatorApp.CodeAt(account.Key, now);
        var afterCode = await browser.SubmitAsync(verifyPage, "/account/verify", "verify-code", [new("Input.Code", code)], cancellationToken);
        Expect(afterCode.IsRedirectTo("/") && browser.Cookie(AppCookie) is not null, "the authenticator code", afterCode);
    }

    private static void Expect(bool condition, string step, PortalPage page)
    {
        if (!condition)
        {
            throw new BenchFlowException($"Sign-in step '{step}' answered {(int)page.Status} {page.Location}.", page.Html);
        }
    }
}
