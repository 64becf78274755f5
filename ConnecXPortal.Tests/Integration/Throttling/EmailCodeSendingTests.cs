using System.Net;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Factors.EmailCode;

namespace ConnecXPortal.Tests.Integration.Throttling;

/// <summary>The gap between emailed codes is taken in one conditional statement: racing requests send one code.</summary>
public sealed class EmailCodeSendingTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task FortyConcurrentSends_EmailExactlyOneCode_WithNoServerError()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        await app.AddEmailFactorAsync(email);
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        await app.Emails.WaitForAsync(email, EmailCodes.Template);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var page = await client.GetAsync("/account/verify?method=EmailCode");

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            Task.Run(() => client.SubmitAsync(page, "send-email-code", new Dictionary<string, string>()))));

        answers.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        answers.Count(a => a.Document.QuerySelector("[role=status]")?.TextContent.StartsWith("We sent a new code", StringComparison.Ordinal) == true)
            .Should().Be(1);
        app.Emails.CountOf(email, EmailCodes.Template).Should().Be(2);
    }
}
