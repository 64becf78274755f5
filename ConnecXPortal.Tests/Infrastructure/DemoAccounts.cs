using ConnecXPortal.Web.Data.Seeding;

namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>The seeded demo accounts the README lists.</summary>
public static class DemoAccounts
{
    public const string Password = "connecX-demo-2024";
    public const string Resident = DemoDataSeeder.ResidentEmail;
    public const string InvitedResident = DemoDataSeeder.InvitedResidentEmail;
    public const string Manager = DemoDataSeeder.ManagerEmail;
    public const string SecondManager = DemoDataSeeder.SecondManagerEmail;
    public const string Support = DemoDataSeeder.SupportEmail;
}
