using ConnecXPortal.Domain.Cutover;

namespace ConnecXPortal.Tests.Domain;

public sealed class CutoverScheduleTests
{
    private static readonly DateTimeOffset Cutover = new(2024, 8, 21, 18, 0, 0, TimeSpan.FromHours(10));

    [Fact]
    public void BeforeTheCutover_MfaIsOptional() =>
        new CutoverSchedule(Cutover).IsMfaMandatory(Cutover.AddTicks(-1)).Should().BeFalse();

    [Fact]
    public void FromTheCutover_MfaIsMandatory()
    {
        var schedule = new CutoverSchedule(Cutover);

        schedule.IsMfaMandatory(Cutover).Should().BeTrue();
        schedule.IsMfaMandatory(Cutover.AddDays(30)).Should().BeTrue();
    }
}
