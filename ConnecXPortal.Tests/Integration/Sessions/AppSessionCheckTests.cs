using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Sessions;

public sealed class AppSessionCheckTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task AnAppSession_FromBeforeItsPhase_IsEndedByTheCutoverAtItsUsersTurn_WhenChecked()
    {
        // The default clock (1 October 2024) is after every phase: an iOS session from before 29 August has ended.
        var user = await app.CreateResidentAsync();
        var before = (await app.AddSessionsAsync([SessionTestData.NewSession(user.Id, SessionClient.Ios, new DateTimeOffset(2024, 8, 28, 9, 0, 0, TimeSpan.FromHours(10)))]))[0].Id;
        var after = (await app.AddSessionsAsync([SessionTestData.NewSession(user.Id, SessionClient.Ios, new DateTimeOffset(2024, 8, 29, 9, 0, 0, TimeSpan.FromHours(10)))]))[0].Id;

        var (beforeCheck, afterCheck) = await app.WithScopeAsync(async services =>
        {
            var sessions = services.GetRequiredService<ServerSessions>();
            return (await sessions.CheckRequestAsync(before), await sessions.CheckRequestAsync(after));
        });

        beforeCheck.EndedBecause.Should().Be(SessionEndReason.MfaCutover);
        afterCheck.IsLive.Should().BeTrue();
    }
}
