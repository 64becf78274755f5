using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Sessions;

namespace ConnecXPortal.Tests.Domain.Cutover;

public sealed class CutoverSpreadTests
{
    private static readonly CutoverPhase Android = new(
        SessionClient.Android,
        new DateTimeOffset(2024, 8, 22, 0, 0, 0, TimeSpan.FromHours(10)),
        new DateTimeOffset(2024, 8, 29, 0, 0, 0, TimeSpan.FromHours(10)));

    [Fact]
    public void Position_IsTheSameForTheSameUser_AndInRange()
    {
        var user = Guid.Parse("0190f3b2-7c1e-7a4e-9d2b-5b8f2a1c3d4e");

        CutoverSpread.PositionOf(user).Should().Be(CutoverSpread.PositionOf(Guid.Parse(user.ToString())));
        CutoverSpread.PositionOf(user).Should().BeInRange(0, CutoverSpread.Resolution - 1);
    }

    [Fact]
    public void Position_IsAFixedFunctionOfTheUserId()
    {
        // Pinned (computed independently: SHA-256 of the Guid bytes in .NET order) so that a change to the hashing, which would move every user's logout time mid-phase, fails here.
        CutoverSpread.PositionOf(Guid.Parse("00000000-0000-0000-0000-000000000001")).Should().Be(1211);
        CutoverSpread.PositionOf(Guid.Parse("0190f3b2-7c1e-7a4e-9d2b-5b8f2a1c3d4e")).Should().Be(2910);
    }

    [Fact]
    public void UsersCreatedTogether_AreSpreadAcrossTheWholeWindow()
    {
        // Version-7 ids made in one burst share their leading bytes; the hash must still scatter them.
        var users = Enumerable.Range(0, 20_000).Select(_ => Guid.CreateVersion7()).ToList();

        var perDay = users
            .Select(u => Android.LogoutInstantFor(u))
            .GroupBy(at => (int)(at - Android.Start).TotalDays)
            .ToDictionary(g => g.Key, g => g.Count());

        perDay.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 7), "every day of the week-long window gets logouts");
        perDay.Values.Should().OnlyContain(count => count > 20_000 / 7 * 0.8 && count < 20_000 / 7 * 1.2,
            "each day gets about a seventh of the users");
    }

    [Fact]
    public void NoMinute_GetsMoreThanAFewUsersInAThousand()
    {
        var users = Enumerable.Range(0, 20_000).Select(_ => Guid.NewGuid()).ToList();

        var busiestMinute = users
            .GroupBy(u => Android.LogoutInstantFor(u).ToUnixTimeSeconds() / 60)
            .Max(g => g.Count());

        busiestMinute.Should().BeLessThan(20, "a week has 10,080 minutes, so 20,000 users are about two a minute");
    }

    [Fact]
    public void PositionsDue_MatchEachPositionsLogoutInstant()
    {
        foreach (var position in new[] { 0, 1, 2, 4_999, 5_000, 9_998, 9_999 })
        {
            var at = Android.LogoutInstant(position);

            Android.PositionsDueAt(at).Should().Be(position + 1, $"position {position} is due at its instant");
            Android.PositionsDueAt(at.AddTicks(-1)).Should().Be(position, $"position {position} is not due just before it");
        }
    }

    [Fact]
    public void PositionsDue_AreNoneBeforeTheStart_AndAllFromTheEnd()
    {
        Android.PositionsDueAt(Android.Start.AddTicks(-1)).Should().Be(0);
        Android.PositionsDueAt(Android.Start).Should().Be(1);
        Android.PositionsDueAt(Android.End.AddTicks(-1)).Should().Be(CutoverSpread.Resolution);
        Android.PositionsDueAt(Android.End).Should().Be(CutoverSpread.Resolution);
    }

    [Fact]
    public void PositionsDue_GrowSteadilyAcrossTheWindow()
    {
        var halfway = Android.Start + (Android.Window / 2);

        Android.PositionsDueAt(halfway).Should().BeCloseTo(CutoverSpread.Resolution / 2, 1);
    }

    [Fact]
    public void ThePortalPhase_IsDueInFullAtItsStart()
    {
        var cutover = new DateTimeOffset(2024, 8, 21, 18, 0, 0, TimeSpan.FromHours(10));
        var portal = new CutoverPhase(SessionClient.Portal, cutover, cutover);

        portal.PositionsDueAt(cutover.AddTicks(-1)).Should().Be(0);
        portal.PositionsDueAt(cutover).Should().Be(CutoverSpread.Resolution);
        portal.LogoutInstantFor(Guid.NewGuid()).Should().Be(cutover);
    }
}
