using Bunit;
using ConnecXPortal.Web.Features.Enrolment;

namespace ConnecXPortal.Tests.Components.Enrolment;

public sealed class WizardProgressTests : PortalComponentTest
{
    [Fact]
    public void WizardProgress_MarksTheCurrentStep_AndTheDoneOnes()
    {
        var progress = Render<WizardProgress>(p => p.Add(w => w.Step, 3));

        var steps = progress.FindAll("li");
        steps.Should().HaveCount(5);
        progress.Find("[aria-current=step]").TextContent.Trim().Should().Be("Verify");
        steps.Take(2).Should().OnlyContain(li => li.ClassList.Contains("cx-progress__done") && li.TextContent.Contains("(done)"));
        progress.Find("nav").GetAttribute("aria-label").Should().Be("Setup progress");
    }
}
