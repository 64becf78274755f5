using System.Net;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Sessions;

/// <summary>
/// Other features re-issue the cookie with SignInManager.RefreshSignInAsync (after a password change, for example),
/// which builds a new principal: the cookie must still belong to its session afterwards.
/// </summary>
public sealed class RefreshSignInTests(RefreshSignInTests.App app) : IClassFixture<RefreshSignInTests.App>
{
    [Fact]
    public async Task RefreshSignIn_KeepsTheCookiesSession()
    {
        var user = await app.CreateResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(user.Email!, DemoAccounts.Password);

        var refresh = await client.GetAsync(App.RefreshPath);
        refresh.StatusCode.Should().Be(HttpStatusCode.NoContent);
        refresh.Message.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith("connecx.portal=", StringComparison.Ordinal));

        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public sealed class App : BeforeCutoverPortalAppFactory
    {
        public const string RefreshPath = "/test/refresh-sign-in";

        public App() => WithServices(services => services.AddSingleton<IStartupFilter, RefreshEndpoint>());

        private sealed class RefreshEndpoint : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
            {
                builder.Use(async (HttpContext context, RequestDelegate following) =>
                {
                    if (context.Request.Path != RefreshPath)
                    {
                        await following(context);
                        return;
                    }

                    var auth = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
                    var users = context.RequestServices.GetRequiredService<UserManager<PortalUser>>();
                    var user = await users.GetUserAsync(auth.Principal!);
                    await context.RequestServices.GetRequiredService<SignInManager<PortalUser>>().RefreshSignInAsync(user!);
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                });
                next(builder);
            };
        }
    }
}
