using System.Net;
using System.Text.Json;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Notifications;

public sealed class OutboxTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static EmailContent Sample(string subject) => new EmailContent("test-sample", subject) { Preheader = "A sample" }
        .Heading("Hello <Olivia>")
        .Paragraph("Your building & unit are ready.")
        .Button("Open the portal", new Uri("https://portal.example.com/start?a=1&b=2"))
        .Code("123456")
        .Bullets("First", "Second")
        .Note("If this wasn't you, contact support.");

    [Fact]
    public async Task Outbox_KeepsEveryMessage_WithBothBodies()
    {
        await SendAsync(Sample("Outbox keeps this"), "keep@example.com");

        await using var db = app.CreateDbContext();
        var message = await db.OutboxMessages.SingleAsync(m => m.To == "keep@example.com");
        message.Subject.Should().Be("Outbox keeps this");
        message.Template.Should().Be("test-sample");
        message.HtmlBody.Should().Contain("Hello &lt;Olivia&gt;").And.Contain("Your building &amp; unit are ready.");
        message.TextBody.Should().Contain("Hello <Olivia>").And.Contain("https://portal.example.com/start?a=1&b=2").And.Contain("123456");
        message.CreatedAt.Should().Be(app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Email_UsesTheBrandLayout_WithTheLogoFromThePortal()
    {
        await SendAsync(Sample("Brand check"), "brand@example.com");

        var message = app.Emails.To("brand@example.com").Single();
        message.HtmlBody.Should().StartWith("<!DOCTYPE html>")
            .And.Contain($"src=\"{app.ServerAddress}brand/logo.png\"")
            .And.Contain("#0A4D68");
        message.TextBody.Should().EndWith($"{app.ServerAddress}\n");
        using var client = app.CreatePortalClient();
        (await client.Http.GetAsync("/brand/logo.png")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DevOutboxPage_ListsMessages_NewestFirst_WithoutSigningIn()
    {
        await SendAsync(Sample("Older message"), "order@example.com");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await SendAsync(Sample("Newer message"), "order@example.com");

        using var client = app.CreatePortalClient();
        var page = await client.GetAsync("/dev/outbox");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Heading.Should().Be("Email outbox");
        page.Html.IndexOf("Newer message", StringComparison.Ordinal).Should()
            .BeLessThan(page.Html.IndexOf("Older message", StringComparison.Ordinal)).And.BePositive();
    }

    private Task SendAsync(EmailContent content, string to) =>
        app.WithScopeAsync(services => services.GetRequiredService<PortalMailer>().SendAsync(content, to, "Test Person"));
}

public sealed class SendGridTests : IAsyncLifetime
{
    private SendGridStub stub = null!;
    private PortalAppFactory app = null!;

    public async Task InitializeAsync()
    {
        stub = await SendGridStub.StartAsync();
        app = new PortalAppFactory();
        app.WithSetting("Email:Provider", "SendGrid")
            .WithSetting("Email:SendGrid:ApiKey", "SG.test-key")
            .WithSetting("Email:SendGrid:Host", stub.BaseAddress.ToString())
            .WithSetting("Email:FromAddress", "portal@connecx.example")
            .WithSetting("Email:FromName", "connecX Portal");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await stub.DisposeAsync();
    }

    [Fact]
    public async Task SendGridSender_PostsBothBodies_FromTheConfiguredSender()
    {
        var content = new EmailContent("sendgrid-check", "Hello from connecX").Paragraph("Plain words.");

        await app.WithScopeAsync(s => s.GetRequiredService<PortalMailer>().SendAsync(content, "olivia@example.com", "Olivia Nguyen"));

        var request = stub.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/v3/mail/send");
        request.Authorization.Should().Be("Bearer SG.test-key");
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        root.GetProperty("from").GetProperty("email").GetString().Should().Be("portal@connecx.example");
        root.GetProperty("from").GetProperty("name").GetString().Should().Be("connecX Portal");
        var personalization = root.GetProperty("personalizations")[0];
        personalization.GetProperty("to")[0].GetProperty("email").GetString().Should().Be("olivia@example.com");
        personalization.GetProperty("subject").GetString().Should().Be("Hello from connecX");
        root.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("type").GetString())
            .Should().Equal("text/plain", "text/html");
        root.GetProperty("categories").EnumerateArray().Select(c => c.GetString()).Should().Equal("sendgrid-check");
    }

    [Fact]
    public async Task SendGridSender_WhenThrottled_ReportsATransientFailureWithRetryAfter()
    {
        stub.Respond = (_, _) => new StubAnswer(429, RetryAfterSeconds: 7, Body: """{"errors":[{"message":"too many"}]}""");
        var content = new EmailContent("sendgrid-check", "Throttled").Paragraph("Words.");

        var act = () => app.WithScopeAsync(s => s.GetRequiredService<PortalMailer>().SendAsync(content, "a@example.com", null));

        var failure = (await act.Should().ThrowAsync<EmailDeliveryException>()).Which;
        failure.StatusCode.Should().Be(429);
        failure.IsTransient.Should().BeTrue();
        failure.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task SendGridSender_WhenRefused_ReportsAPermanentFailure()
    {
        stub.Respond = (_, _) => new StubAnswer(400, Body: """{"errors":[{"message":"bad"}]}""");
        var content = new EmailContent("sendgrid-check", "Refused").Paragraph("Words.");

        var act = () => app.WithScopeAsync(s => s.GetRequiredService<PortalMailer>().SendAsync(content, "a@example.com", null));

        (await act.Should().ThrowAsync<EmailDeliveryException>()).Which.IsTransient.Should().BeFalse();
    }
}
