using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace ConnecXPortal.Bench.Data;

/// <summary>The accounts the benchmark signs in as: known emails, one known password, a known authenticator key each.</summary>
public static class BenchPeople
{
    /// <summary>Every seeded account's password (one shared hash keeps seeding fast; each check still costs a full hash).</summary>
    public const string Password = "bench-correct-horse-2024";

    public static string SignInEmail(int index) => $"signin-{index:D6}@bench.connecx.example";

    /// <summary>User <paramref name="index"/>'s authenticator key (160 bits, Base32, like AuthenticatorApp.NewKey), derived so any process can compute it.</summary>
    public static string AuthenticatorKey(int index) =>
        Base32Encoding.ToString(SHA1.HashData(Encoding.UTF8.GetBytes($"connecx-bench-authenticator-{index}"))).TrimEnd('=');

    public static readonly string[] GivenNames =
    [
        "Olivia", "Jack", "Charlotte", "Noah", "Amelia", "Oliver", "Isla", "William", "Mia", "Leo", "Ava", "Henry", "Grace",
        "Lucas", "Chloe", "Thomas", "Zoe", "James", "Ruby", "Ethan", "Sophie", "Liam", "Harper", "Mason", "Ella", "Hugo",
        "Matilda", "Archie", "Lily", "Oscar", "Evie", "Harrison", "Sienna", "Lachlan", "Ivy", "Cooper", "Layla", "Hamish",
        "Aisha", "Minh", "Priya", "Wei", "Arjun", "Mei", "Sanjay", "Yuki", "Fatima", "Ahmed", "Elena", "Dimitri",
    ];

    public static readonly string[] FamilyNames =
    [
        "Nguyen", "Smith", "Lee", "Evans", "Patel", "Brown", "Walker", "Davis", "Jackson", "Kelly", "Wilson", "Taylor",
        "Anderson", "Thomas", "White", "Martin", "Thompson", "Harris", "Clarke", "Robinson", "Wright", "King", "Young",
        "Green", "Hall", "Wood", "Mitchell", "Campbell", "Hughes", "Murphy", "Ryan", "O'Connor", "Chen", "Wang", "Li",
        "Zhang", "Singh", "Kumar", "Sharma", "Tran", "Pham", "Kim", "Park", "Rossi", "Russo", "Papadopoulos", "Costa",
        "Ali", "Khan", "Cohen",
    ];
}
