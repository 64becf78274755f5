using System.Collections.Concurrent;
using System.Net;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Sessions;
using ConnecXPortal.Web.Features.SignIn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Sessions;

/// <summary>
/// A Blazor circuit's connection is one request that lasts as long as the circuit. What the cookie check needs (the
/// session service, Identity's security-stamp validator, and behind them a UserManager and a DbContext) must come from
/// a scope of its own, released once the cookie is checked, not from that request's scope, where it would stay in
/// memory for hours.
/// </summary>
public sealed class SessionCookieScopeTests(SessionCookieScopeTests.RecordingApp app) : IClassFixture<SessionCookieScopeTests.RecordingApp>
{
    private static readonly Type[] CheckServices =
    [
        typeof(ServerSessions), typeof(ISecurityStampValidator), typeof(PortalDbContext), typeof(UserManager<PortalUser>),
        typeof(SignInManager<PortalUser>),
    ];

    [Fact]
    public async Task ConnectingACircuit_ChecksTheCookie_WithoutResolvingTheChecksServicesFromTheRequest()
    {
        using var client = await SignedInClientAsync();

        var (response, resolved) = await NegotiateAsync(client);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        resolved.Should().NotContain(CheckServices);
    }

    [Fact]
    public async Task ACircuitWhoseSessionHasEnded_IsStillRefused()
    {
        var user = await app.CreateResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(user.Email!, DemoAccounts.Password);
        await app.WithScopeAsync(services => services.GetRequiredService<ServerSessions>()
            .EndAllAsync(user.Id, SessionEndReason.EndedByUser, user));

        var (response, resolved) = await NegotiateAsync(client);

        response.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith("connecx.portal=;", StringComparison.Ordinal),
            "the check still ran and removed the cookie of the ended session");
        resolved.Should().NotContain(CheckServices);
    }

    [Fact]
    public async Task HalfwayThroughASignIn_ACircuitIsSentBackToItsStep_WithoutResolvingThePendingSignInFromTheRequest()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        (await client.SubmitPasswordAsync(email, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be(PendingSignIns.ChallengePath);

        var (response, resolved) = await NegotiateAsync(client);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Be(PendingSignIns.ChallengePath);
        resolved.Should().NotContain([typeof(PendingSignIns), .. CheckServices]);
    }

    private async Task<PortalClient> SignedInClientAsync()
    {
        var user = await app.CreateResidentAsync();
        var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(user.Email!, DemoAccounts.Password);
        return client;
    }

    // The first request a circuit makes; the WebSocket request that follows is authenticated the same way.
    private async Task<(HttpResponseMessage Response, IReadOnlyCollection<Type> Resolved)> NegotiateAsync(PortalClient client)
    {
        var id = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add(RecordingApp.Header, id);
        var response = await client.Http.SendAsync(request);
        return (response, app.Log.TryGetValue(id, out var types) ? types : []);
    }

    /// <summary>The portal before the cutover (a password completes a sign-in), recording what requests resolve.</summary>
    public sealed class RecordingApp : BeforeCutoverPortalAppFactory
    {
        public const string Header = "X-Test-Record-Services";

        public RecordingApp() =>
            WithServices(services => services.AddSingleton<IStartupFilter>(new RecordRequestServices(Log)));

        /// <summary>Every service type a marked request asked its own services for, by the request's mark.</summary>
        public ConcurrentDictionary<string, ConcurrentQueue<Type>> Log { get; } = new();
    }

    private sealed class RecordRequestServices(ConcurrentDictionary<string, ConcurrentQueue<Type>> log) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(RecordingApp.Header, out var mark))
                {
                    context.RequestServices = new RecordingServiceProvider(context.RequestServices, log.GetOrAdd(mark.ToString(), _ => new()));
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class RecordingServiceProvider(IServiceProvider inner, ConcurrentQueue<Type> resolved) : IServiceProvider
    {
        public object? GetService(Type serviceType)
        {
            resolved.Enqueue(serviceType);
            return inner.GetService(serviceType);
        }
    }
}
