using System.Text.RegularExpressions;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Announcements;
using ConnecXPortal.Web.Features.Cutover;
using ConnecXPortal.Web.Features.Help;
using ConnecXPortal.Web.Features.Manage.Reminders;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Announcements;

/// <summary>A portal with a configured public address and cutover dates other than the defaults.</summary>
public sealed class ConfiguredPortalFactory : PortalAppFactory
{
    public const string PublicBaseUrl = "https://portal.connecx.example/";

    public ConfiguredPortalFactory()
    {
        WithSetting("Portal:PublicBaseUrl", PublicBaseUrl)
            .WithSetting("Cutover:PortalCutover", "2025-03-05T19:30:00")
            .WithSetting("Cutover:AndroidFrom", "2025-03-06")
            .WithSetting("Cutover:IosFrom", "2025-03-13")
            .WithSetting("Cutover:WhiteLabelFrom", "2025-03-20")
            .WithSetting("Cutover:AppsFinishBy", "2025-03-26");
    }
}

public sealed partial class EmailTemplateTests(ConfiguredPortalFactory app) : IClassFixture<ConfiguredPortalFactory>
{
    [Fact]
    public async Task Announcement_LinksToEveryHelpArticle_OnThePublicBaseUrl()
    {
        var message = await RenderAsync(s => AnnouncementEmail.Create(s.GetRequiredService<RolloutDates>(), s.GetRequiredService<PortalUrls>()));

        var htmlLinks = Hrefs(message.HtmlBody);
        htmlLinks.Should().NotBeEmpty().And.OnlyContain(l => l.StartsWith(ConfiguredPortalFactory.PublicBaseUrl, StringComparison.Ordinal));
        var textLinks = TextUrls(message.TextBody);
        textLinks.Should().OnlyContain(l => l.StartsWith(ConfiguredPortalFactory.PublicBaseUrl, StringComparison.Ordinal));
        foreach (var article in HelpRoutes.Articles)
        {
            var url = ConfiguredPortalFactory.PublicBaseUrl + article.Path.TrimStart('/');
            htmlLinks.Should().Contain(url);
            message.HtmlBody.Should().Contain($">{article.Title}</a>");
            message.TextBody.Should().Contain($"{article.Title}: {url}");
        }

        htmlLinks.Should().Contain(ConfiguredPortalFactory.PublicBaseUrl + "help", "the layout's footer links to the help index");
        message.TextBody.Should().Contain($"Need help signing in? Step-by-step articles: {ConfiguredPortalFactory.PublicBaseUrl}help");
    }

    [Fact]
    public async Task Announcement_TakesItsDatesFromTheCutoverConfiguration()
    {
        var message = await RenderAsync(s => AnnouncementEmail.Create(s.GetRequiredService<RolloutDates>(), s.GetRequiredService<PortalUrls>()));

        message.Subject.Should().Be("Multi-factor authentication is coming to connecX on 5 March");
        message.TextBody.Should()
            .Contain("From Wednesday 5 March 2025, everyone, new and existing, will verify their identity")
            .And.Contain("On the evening of Wednesday 5 March 2025 (from 7:30 pm)")
            .And.Contain("Between Thursday 6 March 2025 and Wednesday 26 March 2025")
            .And.Contain("iPhone users from Thursday 13 March 2025")
            .And.Contain("white-label apps from Thursday 20 March 2025")
            .And.NotContain("August");
        message.TextBody.Should().Contain("Hello {{firstName}},", "the first name is filled in per recipient by the sender");
    }

    [Fact]
    public async Task Announcement_CarriesTheBriefsPoints_ForResidents()
    {
        var message = await RenderAsync(s => AnnouncementEmail.Create(s.GetRequiredService<RolloutDates>(), s.GetRequiredService<PortalUrls>()));

        message.TextBody.Should()
            .Contain("Why we are introducing MFA")
            .And.Contain("unauthorised access")
            .And.Contain("You stay signed in when you start the app")
            .And.Contain("on the same device, a new device or when switching accounts")
            .And.Contain("If automatic updates are turned off on your device, update the connecX app first.")
            .And.Contain("Android users from");
        message.HtmlBody.Should().Contain("<h2");
    }

    [Fact]
    public async Task Reminder_ForAnActivatedResident_LinksToSignInAndHelp_OnThePublicBaseUrl()
    {
        var message = await RenderAsync(s => ReminderEmail.Create(
            new EnrolmentReminder("Olivia", "Harbourview Apartments", AccountStatus.ActivatedWithoutFactor),
            s.GetRequiredService<RolloutDates>(), s.GetRequiredService<PortalUrls>(), AfterTheCutover));

        message.Template.Should().Be(ReminderEmail.Template);
        message.Subject.Should().Be("Reminder: set up your connecX sign-in verification");
        message.TextBody.Should().Contain("Hello Olivia,").And.Contain("connecX now asks everyone to verify")
            .And.Contain("Your building manager at Harbourview Apartments asked us");
        Hrefs(message.HtmlBody).Should().OnlyContain(l => l.StartsWith(ConfiguredPortalFactory.PublicBaseUrl, StringComparison.Ordinal))
            .And.Contain(ConfiguredPortalFactory.PublicBaseUrl + "account/sign-in")
            .And.Contain(ConfiguredPortalFactory.PublicBaseUrl + HelpRoutes.PortalExistingUser.TrimStart('/'));
    }

    [Fact]
    public async Task Reminder_BeforeTheCutover_SaysWhenMfaStarts()
    {
        var before = new DateTimeOffset(2025, 2, 1, 9, 0, 0, TimeSpan.FromHours(11));

        var message = await RenderAsync(s => ReminderEmail.Create(
            new EnrolmentReminder("Olivia", "Harbourview Apartments", AccountStatus.ActivatedWithoutFactor),
            s.GetRequiredService<RolloutDates>(), s.GetRequiredService<PortalUrls>(), before));

        message.TextBody.Should().Contain("From Wednesday 5 March 2025, connecX will ask everyone to verify their identity");
    }

    [Fact]
    public async Task Reminder_ForAnInvitedResident_CarriesTheirActivationLink()
    {
        var activation = new Uri(ConfiguredPortalFactory.PublicBaseUrl + "account/activate?token=abc");

        var message = await RenderAsync(s => ReminderEmail.Create(
            new EnrolmentReminder("Jack", "Parkside Residences", AccountStatus.Invited, activation),
            s.GetRequiredService<RolloutDates>(), s.GetRequiredService<PortalUrls>(), app.Clock.GetUtcNow()));

        message.Subject.Should().Be("Reminder: activate your connecX account");
        Hrefs(message.HtmlBody).Should().Contain(activation.ToString())
            .And.Contain(ConfiguredPortalFactory.PublicBaseUrl + HelpRoutes.PortalFirstTimeUser.TrimStart('/'));
    }

    [Fact]
    public async Task Reminder_IsNotOffered_ForEnrolledResidents_OrInvitedOnesWithoutALink()
    {
        var enrolled = () => RenderAsync(s => ReminderEmail.Create(new EnrolmentReminder("A", "B", AccountStatus.Enrolled),
            s.GetRequiredService<RolloutDates>(), s.GetRequiredService<PortalUrls>(), app.Clock.GetUtcNow()));
        var invited = () => RenderAsync(s => ReminderEmail.Create(new EnrolmentReminder("A", "B", AccountStatus.Invited),
            s.GetRequiredService<RolloutDates>(), s.GetRequiredService<PortalUrls>(), app.Clock.GetUtcNow()));

        await enrolled.Should().ThrowAsync<ArgumentException>();
        await invited.Should().ThrowAsync<ArgumentException>();
    }

    private static readonly DateTimeOffset AfterTheCutover = new(2025, 4, 1, 9, 0, 0, TimeSpan.FromHours(11));

    private Task<EmailMessage> RenderAsync(Func<IServiceProvider, EmailContent> create) =>
        app.WithScopeAsync(s => Task.FromResult(s.GetRequiredService<EmailRenderer>().Render(create(s), "olivia@example.com", "Olivia")));

    private static List<string> Hrefs(string html) => [.. HrefPattern().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))];

    private static List<string> TextUrls(string text) => [.. UrlPattern().Matches(text).Select(m => m.Value)];

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex HrefPattern();

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex UrlPattern();
}
