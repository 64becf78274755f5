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

    /// <summary>A resident of Harbourview Apartments enrolled with the demo authenticator key (README).</summary>
    public const string EnrolledResident = "isla.walker06@example.com";

    /// <summary>The authenticator key of the staff accounts and of the enrolled demo residents.</summary>
    public const string AuthenticatorKey = DemoDataSeeder.DemoAuthenticatorKey;
}
