namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>The portal three weeks before the portal cutover (21 August 2024, 6 pm Sydney): MFA is still optional.</summary>
public class BeforeCutoverPortalAppFactory : PortalAppFactory
{
    public static readonly DateTimeOffset Start = new(2024, 8, 1, 9, 0, 0, TimeSpan.FromHours(10));

    protected override DateTimeOffset StartTime => Start;
}
