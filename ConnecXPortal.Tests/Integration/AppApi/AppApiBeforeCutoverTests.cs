using System.Net;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Tests.Infrastructure;

namespace ConnecXPortal.Tests.Integration.AppApi;

/// <summary>Before the portal cutover the app API follows the portal's rule: a factor is verified if there is one, and is optional otherwise.</summary>
public sealed class AppApiBeforeCutoverTests(BeforeCutoverPortalAppFactory app) : IClassFixture<BeforeCutoverPortalAppFactory>
{
    [Fact]
    public async Task AccountWithoutAFactor_SignsInWithThePasswordAlone()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreateAppClient();

        var response = await client.SignInAsync(email);

        response.Status.Should().Be(HttpStatusCode.OK, response.Body);
        response.String("status").Should().Be("signed_in");
        response.Json.TryGetProperty("ticket", out _).Should().BeFalse();
        (await app.ReloadAsync(response.Tokens.SessionId)).SignInMethod.Should().Be(SignInMethod.Password);
    }

    [Fact]
    public async Task AccountWithAFactor_VerifiesIt()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();

        var response = await client.SignInAsync(email);

        response.String("status").Should().Be("second_factor_required");
        (await client.SecondFactorAsync(response.String("ticket")!, "authenticator_app", app.NextTotp(key))).Status.Should().Be(HttpStatusCode.OK);
    }
}
