using System.Net;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Help;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Hosting;

/// <summary>
/// Who reaches what: every routable page and mapped endpoint of the portal, read from its EndpointDataSource, against
/// an explicit expectation for anonymous visitors, residents, building managers and support. A new page or endpoint
/// without a row in <see cref="Expectations"/> fails <see cref="EveryEndpoint_HasAnExpectation"/>, so none is forgotten.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.Fixture fixture) : IClassFixture<AuthorizationMatrixTests.Fixture>
{
    private static readonly Outcome Ok = new(HttpStatusCode.OK);
    private static readonly Outcome SignIn = new(HttpStatusCode.Redirect, "/account/sign-in");
    private static readonly Outcome Denied = new(HttpStatusCode.Redirect, "/account/access-denied");
    private static readonly Outcome BadRequest = new(HttpStatusCode.BadRequest);
    private static readonly Outcome UnsupportedMediaType = new(HttpStatusCode.UnsupportedMediaType);
    private static readonly Outcome NotFound = new(HttpStatusCode.NotFound);
    private static readonly Outcome MethodNotAllowed = new(HttpStatusCode.MethodNotAllowed);
    private static readonly Outcome ToWizardStart = new(HttpStatusCode.Redirect, "/account/setup");
    private static readonly Outcome ToAuthenticatorSetup = new(HttpStatusCode.Redirect, "/account/setup/authenticator");

    /// <summary>
    /// One row per route pattern: how it is asked (GET, or POST for post-only endpoints) and what each person gets.
    /// Sample values: {BuildingId} is a building the demo manager manages, {UserId} a resident, {Slug} a help article.
    /// </summary>
    private static readonly Expectation[] Expectations =
    [
        // Signed-in pages for everyone.
        Page("/", anonymous: SignIn, resident: Ok, manager: Ok, support: Ok),
        Page("/account/security", anonymous: SignIn, resident: Ok, manager: Ok, support: Ok),
        Page("/account/security/password", anonymous: SignIn, resident: Ok, manager: Ok, support: Ok),
        Page("/account/security/verify", anonymous: SignIn, resident: Ok, manager: Ok, support: Ok),
        Page("/account/sessions", anonymous: SignIn, resident: Ok, manager: Ok, support: Ok),

        // The enrolment wizard: the half-signed-in or signed-in user's own steps; finishing needs a method first.
        Page("/account/setup", anonymous: SignIn, resident: Ok, manager: Ok, support: Ok),
        Page("/account/setup/authenticator", anonymous: SignIn, resident: Ok, manager: Ok, support: Ok),
        Page("/account/setup/email", anonymous: SignIn, resident: Ok, manager: Ok, support: Ok),
        Page("/account/setup/passkey", anonymous: SignIn, resident: Ok, manager: Ok, support: Ok),
        Page("/account/setup/finish", anonymous: SignIn, resident: ToWizardStart, manager: ToWizardStart, support: ToWizardStart),

        // Confirming the mailbox is for accounts without a factor: anyone who has one goes on to the method.
        Page("/account/setup/confirm-email", anonymous: SignIn, resident: ToAuthenticatorSetup, manager: ToAuthenticatorSetup, support: ToAuthenticatorSetup),

        // Open to everyone: signing in, activation, forgotten passwords, help, errors.
        Page("/account/sign-in", anonymous: Ok, resident: Ok, manager: Ok, support: Ok),
        Page("/account/verify", anonymous: SignIn, resident: SignIn, manager: SignIn, support: SignIn),
        Page("/account/locked-out", anonymous: Ok, resident: Ok, manager: Ok, support: Ok),
        Page("/account/access-denied", anonymous: Ok, resident: Ok, manager: Ok, support: Ok),
        Page("/account/activate", anonymous: Ok, resident: Ok, manager: Ok, support: Ok),
        Page("/account/forgot-password", anonymous: Ok, resident: Ok, manager: Ok, support: Ok),
        Page("/account/reset-password", anonymous: Ok, resident: Ok, manager: Ok, support: Ok),
        Page("/help", anonymous: Ok, resident: Ok, manager: Ok, support: Ok),
        Page("/help/{Slug}", anonymous: Ok, resident: Ok, manager: Ok, support: Ok),
        Page("/error", anonymous: Ok, resident: Ok, manager: Ok, support: Ok),
        Page("/not-found", anonymous: Ok, resident: Ok, manager: Ok, support: Ok),

        // Development only (the tests run as Development; elsewhere /dev answers 404 before routing).
        Page("/dev/outbox", anonymous: Ok, resident: Ok, manager: Ok, support: Ok),

        // Building managers.
        Page("/manage", anonymous: SignIn, resident: Denied, manager: Ok, support: Denied),
        Page("/manage/buildings/{BuildingId:guid}", anonymous: SignIn, resident: Denied, manager: Ok, support: Denied),
        Page("/manage/buildings/{buildingId:guid}/residents.csv", anonymous: SignIn, resident: Denied, manager: Ok, support: Denied),
        Page("/manage/communication", anonymous: SignIn, resident: Denied, manager: Ok, support: Denied),
        Page("/manage/buildings/{BuildingId:guid}/communication", anonymous: SignIn, resident: Denied, manager: Ok, support: Denied),
        Page("/manage/buildings/{BuildingId:guid}/notice", anonymous: SignIn, resident: Denied, manager: Ok, support: Denied),
        Page("/manage/invite", anonymous: SignIn, resident: Denied, manager: Ok, support: Ok),

        // Support.
        Page("/support", anonymous: SignIn, resident: Denied, manager: Denied, support: Ok),
        Page("/support/users/{UserId:guid}", anonymous: SignIn, resident: Denied, manager: Denied, support: Ok),
        Page("/support/audit", anonymous: SignIn, resident: Denied, manager: Denied, support: Ok),
        Page("/support/announcements", anonymous: SignIn, resident: Denied, manager: Denied, support: Ok),
        Page("/support/cutover", anonymous: SignIn, resident: Denied, manager: Denied, support: Ok),

        // Form posts that anyone may make; without the page's antiforgery token they are refused before anything happens.
        Post("/account/sign-out", everyone: BadRequest),
        Post("/account/passkey/creation-options", everyone: BadRequest),
        Post("/account/passkey/request-options", everyone: BadRequest),

        // The apps' API: a portal cookie opens nothing there. It takes JSON only (a form post is refused before anything
        // is read) and every call needs the app's headers, checked before any token (AppApi tests cover the rest).
        Post("/api/app/v1/sign-in/", everyone: UnsupportedMediaType),
        Post("/api/app/v1/sign-in/email-code", everyone: UnsupportedMediaType),
        Post("/api/app/v1/sign-in/second-factor", everyone: UnsupportedMediaType),
        Post("/api/app/v1/sign-in/enrolment/mailbox", everyone: UnsupportedMediaType),
        Post("/api/app/v1/sign-in/enrolment/mailbox/verify", everyone: UnsupportedMediaType),
        Post("/api/app/v1/sign-in/enrolment/authenticator", everyone: UnsupportedMediaType),
        Post("/api/app/v1/sign-in/enrolment/authenticator/verify", everyone: UnsupportedMediaType),
        Post("/api/app/v1/sign-in/enrolment/email", everyone: UnsupportedMediaType),
        Post("/api/app/v1/sign-in/enrolment/email/verify", everyone: UnsupportedMediaType),
        Post("/api/app/v1/token/refresh", everyone: UnsupportedMediaType),
        Post("/api/app/v1/sign-out", everyone: BadRequest),
        Page("/api/app/v1/session", anonymous: BadRequest, resident: BadRequest, manager: BadRequest, support: BadRequest),

        // The apps' API description (public, like any OpenAPI document; the API itself has its own tests).
        Page("/openapi/{documentName}.json", anonymous: Ok, resident: Ok, manager: Ok, support: Ok),

        // Blazor's plumbing: the circuit hub and its helpers (a circuit checks its user's session itself).
        Page("/_blazor", anonymous: BadRequest, resident: BadRequest, manager: BadRequest, support: BadRequest),
        Page("/_blazor/negotiate", anonymous: MethodNotAllowed, resident: MethodNotAllowed, manager: MethodNotAllowed, support: MethodNotAllowed),
        Page("/_blazor/disconnect/", anonymous: MethodNotAllowed, resident: MethodNotAllowed, manager: MethodNotAllowed, support: MethodNotAllowed),
        Page("/_blazor/initializers/", anonymous: Ok, resident: Ok, manager: Ok, support: Ok),
        Page("/_framework/opaque-redirect", anonymous: BadRequest, resident: BadRequest, manager: BadRequest, support: BadRequest),

        // Static files' fallback route: a file that does not exist.
        Page("{**path:file}", anonymous: NotFound, resident: NotFound, manager: NotFound, support: NotFound),
    ];

    [Fact]
    public void EveryEndpoint_HasAnExpectation()
    {
        var routes = fixture.Routes.Select(e => e.RoutePattern.RawText!).Distinct().ToList();
        var expected = Expectations.Select(e => e.Pattern).ToList();

        routes.Except(expected).Should().BeEmpty("every page and endpoint needs a row in AuthorizationMatrixTests.Expectations");
        expected.Except(routes).Should().BeEmpty("rows for pages that no longer exist should go");
        expected.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task EveryEndpoint_AnswersEachKindOfUserAsExpected()
    {
        await fixture.ReadyAsync();
        var mismatches = new List<string>();
        foreach (var expectation in Expectations)
        {
            var path = fixture.SamplePath(expectation.Pattern);
            foreach (var (who, outcome) in expectation.Outcomes)
            {
                var client = fixture.Clients[who];
                using var response = expectation.Post
                    ? await client.Http.PostAsync(path, new FormUrlEncodedContent([]))
                    : await client.Http.GetAsync(path);
                var actual = new Outcome(response.StatusCode, response.Headers.Location is { } location
                    ? (location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0])
                    : null);
                if (actual != outcome)
                {
                    mismatches.Add($"{(expectation.Post ? "POST" : "GET")} {path} as {who}: expected {outcome}, got {actual}");
                }
            }
        }

        string.Join(Environment.NewLine, mismatches).Should().BeEmpty();
        foreach (var (who, client) in fixture.Clients.Where(c => c.Key != Who.Anonymous))
        {
            (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK, "{0} is still signed in after the tour", who);
        }
    }

    [Fact]
    public void StaticAssets_AreTheOnlyEndpointsLeftOut_AndCarryNoAuthorization()
    {
        var assets = fixture.AllRoutes.Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null).ToList();

        assets.Should().NotBeEmpty();
        assets.Should().OnlyContain(e => e.Metadata.GetMetadata<IAuthorizeData>() == null, "static files (scripts, styles) are public");
    }

    private static Expectation Page(string pattern, Outcome anonymous, Outcome resident, Outcome manager, Outcome support) =>
        new(pattern, Post: false, new Dictionary<Who, Outcome>
        {
            [Who.Anonymous] = anonymous,
            [Who.Resident] = resident,
            [Who.Manager] = manager,
            [Who.Support] = support,
        });

    private static Expectation Post(string pattern, Outcome everyone) =>
        new(pattern, Post: true, Enum.GetValues<Who>().ToDictionary(w => w, _ => everyone));

    public enum Who
    {
        Anonymous,
        Resident,
        Manager,
        Support,
    }

    private sealed record Outcome(HttpStatusCode Status, string? Location = null)
    {
        public override string ToString() => Location is null ? $"{(int)Status}" : $"{(int)Status} to {Location}";
    }

    private sealed record Expectation(string Pattern, bool Post, IReadOnlyDictionary<Who, Outcome> Outcomes);

    /// <summary>The portal, its endpoints, sample route values and one signed-in client per kind of user.</summary>
    public sealed class Fixture : PortalAppFactory
    {
        private Guid buildingId;
        private Guid userId;

        public Dictionary<Who, PortalClient> Clients { get; } = [];

        public IReadOnlyList<RouteEndpoint> AllRoutes => [.. Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

        /// <summary>Every endpoint except static files.</summary>
        public IReadOnlyList<RouteEndpoint> Routes => [.. AllRoutes.Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)];

        public string SamplePath(string pattern) =>
            "/" + pattern.TrimStart('/')
                .Replace("{BuildingId:guid}", buildingId.ToString(), StringComparison.Ordinal)
                .Replace("{buildingId:guid}", buildingId.ToString(), StringComparison.Ordinal)
                .Replace("{UserId:guid}", userId.ToString(), StringComparison.Ordinal)
                .Replace("{documentName}", "app-v1", StringComparison.Ordinal)
                .Replace("{Slug}", HelpRoutes.Articles[0].Path.Split('/')[^1], StringComparison.Ordinal)
                .Replace("{**path:file}", "no-such-file.txt", StringComparison.Ordinal);

        private Task? signingIn;

        /// <summary>Signs the three people in once for the class (each sign-in moves the fake clock by a TOTP step).</summary>
        public Task ReadyAsync() => signingIn ??= SignInEveryoneAsync();

        private async Task SignInEveryoneAsync()
        {
            await using var db = CreateDbContext();
            buildingId = await db.BuildingManagers.Where(m => m.Manager.Email == DemoAccounts.Manager).Select(m => m.BuildingId).FirstAsync();
            userId = await db.Users.Where(u => u.Email == DemoAccounts.Resident).Select(u => u.Id).SingleAsync();
            Clients[Who.Anonymous] = CreatePortalClient();
            Clients[Who.Resident] = await this.SignedInClientAsync(DemoAccounts.EnrolledResident);
            Clients[Who.Manager] = await this.SignedInClientAsync(DemoAccounts.Manager);
            Clients[Who.Support] = await this.SignedInClientAsync(DemoAccounts.Support);
        }
    }
}
