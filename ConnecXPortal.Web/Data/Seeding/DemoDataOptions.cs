namespace ConnecXPortal.Web.Data.Seeding;

public sealed class DemoDataOptions
{
    public const string SectionName = "DemoData";

    /// <summary>Seed the demo buildings and accounts into an empty database (Development only by default).</summary>
    public bool Enabled { get; set; }

    /// <summary>The password every activated demo account shares.</summary>
    public string Password { get; set; } = "connecX-demo-2024";
}
