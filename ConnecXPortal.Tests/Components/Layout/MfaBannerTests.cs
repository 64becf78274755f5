using Bunit;
using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Web.Components.Layout;
using ConnecXPortal.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConnecXPortal.Tests.Components.Layout;

public sealed class MfaBannerTests : PortalComponentTest
{
    private static readonly DateTimeOffset Cutover = new(2024, 8, 21, 18, 0, 0, TimeSpan.FromHours(10));

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, false)]
    public void Banner_AnnouncesTheCutover_OnlyBeforeIt(int minutesFromCutover, bool shown)
    {
        var clock = new FakeTimeProvider(Cutover.AddMinutes(minutesFromCutover));
        Services.AddSingleton<TimeProvider>(clock);
        Services.AddSingleton(new CutoverSchedule(Cutover));
        Services.AddSingleton(new PortalTime(Options.Create(new PortalOptions()), clock));
        AddAuthorization().SetAuthorized("olivia@example.com");

        var banner = Render<MfaBanner>();

        banner.FindAll("aside.cx-banner").Should().HaveCount(shown ? 1 : 0);
        if (shown)
        {
            banner.Find("aside").TextContent.Should().Contain("From 21 Aug 2024, 6:00 pm");
            banner.Find("aside a").GetAttribute("href").Should().Be("/account/security");
        }
    }
}
