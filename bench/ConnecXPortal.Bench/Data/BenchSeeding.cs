using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Features.Manage.Reminders;
using Microsoft.Data.Sqlite;
using static ConnecXPortal.Bench.Data.BenchDatabase;

namespace ConnecXPortal.Bench.Data;

/// <summary>A seeded account that signs in with a password and an authenticator app.</summary>
public sealed record SignInAccount(int Index, Guid Id, string Email, string Key);

/// <summary>The residents population: buildings, their managers, support staff, residents with a mix of factors and sessions.</summary>
public sealed record ResidentsPopulation(
    IReadOnlyList<Guid> Buildings,
    IReadOnlyList<ManagerAccount> Managers,
    Guid SupportId,
    string SupportEmail,
    int Residents,
    int Activated,
    int WithFactor,
    int Sessions,
    IReadOnlyList<string> SearchTerms);

public sealed record ManagerAccount(Guid Id, string Email, IReadOnlyList<Guid> Buildings);

/// <summary>The sessions table on the evening of the cutover.</summary>
public sealed record CutoverPopulation(int Users, int LivePortalSessions, int OtherSessions);

/// <summary>
/// Seeds benchmark data straight into the portal's tables (after the portal has migrated the file), with multi-row
/// INSERTs in one transaction per call. Values are stored exactly as the portal's EF Core model stores them.
/// </summary>
internal static class BenchSeeding
{
    private static readonly string[] UserColumns =
    [
        "Id", "AccessFailedCount", "ActivatedAt", "BuildingId", "ConcurrencyStamp", "CreatedAt", "Email", "EmailConfirmed",
        "FamilyName", "GivenName", "InvitedAt", "LockoutEnabled", "LockoutEnd", "NormalizedEmail", "NormalizedUserName",
        "PasswordHash", "PhoneNumber", "PhoneNumberConfirmed", "SecondFactorFailedCount", "SecurityStamp", "TwoFactorEnabled", "Unit",
        "UserName",
    ];

    private static readonly string[] FactorColumns =
        ["Id", "AddedAt", "CredentialId", "IsDefault", "Kind", "LastAcceptedTimeStep", "LastUsedAt", "Name", "UserId"];

    private static readonly string[] SessionColumns =
    [
        "Id", "AppVersion", "Brand", "Client", "CreatedAt", "Device", "DeviceId", "EndReason", "EndedAt", "EndedById",
        "ExpiresAt", "IpAddress", "LastSeenAt", "SignInMethod", "SpreadPosition", "UserId",
    ];

    /// <summary>Activated residents of one building, each with an authenticator app whose key <see cref="BenchPeople.AuthenticatorKey"/> gives.</summary>
    public static IReadOnlyList<SignInAccount> AddSignInAccounts(string databasePath, int count, string passwordHash, DateTimeOffset now)
    {
        using var connection = OpenForSeeding(databasePath);
        using var transaction = BeginSeeding(connection);
        var resident = RoleId(connection, PortalRoles.Resident);
        var building = AddBuildings(connection, transaction, 1, "Sign-in Tower")[0];
        var accounts = new List<SignInAccount>(count);
        using (var users = new BulkInserter(connection, transaction, "AspNetUsers", UserColumns))
        using (var roles = new BulkInserter(connection, transaction, "AspNetUserRoles", "UserId", "RoleId"))
        using (var tokens = new BulkInserter(connection, transaction, "AspNetUserTokens", "UserId", "LoginProvider", "Name", "Value"))
        using (var factors = new BulkInserter(connection, transaction, "UserFactors", FactorColumns))
        {
            var lastStep = TotpPolicy.StepAt(now) - 2;
            for (var i = 0; i < count; i++)
            {
                var account = new SignInAccount(i, Guid.CreateVersion7(now), BenchPeople.SignInEmail(i), BenchPeople.AuthenticatorKey(i));
                accounts.Add(account);
                AddUser(users, account.Id, account.Email, "Bench", $"Signer {i}", building, $"{1 + (i % 40)}{i % 10:D2}", now.AddDays(-30), now.AddDays(-29), passwordHash, twoFactor: true);
                roles.Add(Id(account.Id), Id(resident));
                AddAuthenticator(tokens, factors, account.Id, account.Key, now.AddDays(-29), lastStep);
            }
        }

        transaction.Commit();
        return accounts;
    }

    /// <summary>
    /// <paramref name="residents"/> residents across <paramref name="buildingCount"/> buildings, a manager for every five
    /// buildings and five support staff. A realistic mix some weeks after the cutover: 15% invited but not activated;
    /// of the activated, 40% authenticator app, 22% email code, 12% passkey (half of them with email code too), the rest
    /// not enrolled yet, 40% of whom have been reminded one to three times; about half have a live portal session, a third an app session, and many an ended one.
    /// </summary>
    public static ResidentsPopulation AddResidents(string databasePath, int residents, int buildingCount, string passwordHash, DateTimeOffset now)
    {
        var random = new Random(20240821);
        using var connection = OpenForSeeding(databasePath);
        using var transaction = BeginSeeding(connection);
        var residentRole = RoleId(connection, PortalRoles.Resident);
        var managerRole = RoleId(connection, PortalRoles.BuildingManager);
        var supportRole = RoleId(connection, PortalRoles.Support);
        var buildings = AddBuildings(connection, transaction, buildingCount, "Residences");
        var managers = new List<ManagerAccount>();
        Guid supportId = default;
        var activated = 0;
        var withFactor = 0;
        long sessionCount;
        var searchTerms = new List<string>();

        using (var users = new BulkInserter(connection, transaction, "AspNetUsers", UserColumns))
        using (var roles = new BulkInserter(connection, transaction, "AspNetUserRoles", "UserId", "RoleId"))
        using (var tokens = new BulkInserter(connection, transaction, "AspNetUserTokens", "UserId", "LoginProvider", "Name", "Value"))
        using (var factors = new BulkInserter(connection, transaction, "UserFactors", FactorColumns))
        using (var sessions = new BulkInserter(connection, transaction, "UserSessions", SessionColumns))
        using (var assignments = new BulkInserter(connection, transaction, "BuildingManagers", "ManagerId", "BuildingId", "AssignedAt"))
        using (var reminders = new BulkInserter(connection, transaction, "ResidentReminders", "BatchId", "BuildingId", "Kind", "SentAt", "SentById", "UserId"))
        {
            var step = TotpPolicy.StepAt(now) - 10;
            for (var m = 0; m * 5 < buildings.Count; m++)
            {
                var id = Guid.CreateVersion7(now.AddDays(-120));
                var email = $"manager-{m:D4}@bench.connecx.example";
                AddUser(users, id, email, BenchPeople.GivenNames[m % 50], BenchPeople.FamilyNames[(m * 7) % 50], null, null, now.AddDays(-120), now.AddDays(-119), passwordHash, twoFactor: true);
                roles.Add(Id(id), Id(managerRole));
                AddAuthenticator(tokens, factors, id, BenchPeople.AuthenticatorKey(1_000_000 + m), now.AddDays(-60), step);
                var managed = buildings.Skip(m * 5).Take(5).ToList();
                foreach (var building in managed)
                {
                    assignments.Add(Id(id), Id(building), At(now.AddDays(-120)));
                }

                managers.Add(new ManagerAccount(id, email, managed));
            }

            for (var s = 0; s < 5; s++)
            {
                var id = Guid.CreateVersion7(now.AddDays(-200));
                var email = $"support-{s}@bench.connecx.example";
                AddUser(users, id, email, "Support", $"Person {s}", null, null, now.AddDays(-200), now.AddDays(-199), passwordHash, twoFactor: true);
                roles.Add(Id(id), Id(supportRole));
                AddAuthenticator(tokens, factors, id, BenchPeople.AuthenticatorKey(2_000_000 + s), now.AddDays(-60), step);
                supportId = s == 0 ? id : supportId;
            }

            for (var i = 0; i < residents; i++)
            {
                var building = buildings[i % buildings.Count];
                var given = BenchPeople.GivenNames[random.Next(BenchPeople.GivenNames.Length)];
                var family = BenchPeople.FamilyNames[random.Next(BenchPeople.FamilyNames.Length)];
                var email = $"{given}.{family.Replace("'", "", StringComparison.Ordinal)}{i}@bench.connecx.example".ToLowerInvariant();
                var id = Guid.CreateVersion7(now.AddDays(-90).AddSeconds(i));
                var invitedAt = now.AddDays(-90 + random.Next(60));
                var isActivated = random.NextDouble() >= 0.15;
                var unit = $"{1 + random.Next(40)}{1 + random.Next(12):D2}";
                var roll = random.NextDouble();
                var kinds = !isActivated ? [] : roll switch
                {
                    < 0.40 => new[] { FactorKind.AuthenticatorApp },
                    < 0.62 => [FactorKind.EmailCode],
                    < 0.68 => [FactorKind.Passkey],
                    < 0.74 => [FactorKind.Passkey, FactorKind.EmailCode],
                    _ => [],
                };
                AddUser(users, id, email, given, family, building, unit, invitedAt, isActivated ? invitedAt.AddDays(random.Next(1, 10)) : null,
                    isActivated ? passwordHash : null, twoFactor: kinds.Length > 0, invited: true);
                roles.Add(Id(id), Id(residentRole));
                activated += isActivated ? 1 : 0;
                withFactor += kinds.Length > 0 ? 1 : 0;
                if (i % (residents / 20 + 1) == 0)
                {
                    searchTerms.Add(family);
                    searchTerms.Add(email[..Math.Min(email.Length, 12)]);
                }

                var enrolledAt = now.AddDays(-random.Next(1, 40));
                for (var k = 0; k < kinds.Length; k++)
                {
                    switch (kinds[k])
                    {
                        case FactorKind.AuthenticatorApp:
                            AddAuthenticator(tokens, factors, id, BenchPeople.AuthenticatorKey(3_000_000 + i), enrolledAt, step, isDefault: k == 0);
                            break;
                        case FactorKind.EmailCode:
                            factors.Add(Id(Guid.CreateVersion7(enrolledAt)), At(enrolledAt), null, k == 0 ? 1 : 0, (int)FactorKind.EmailCode, null, At(enrolledAt), "Email code", Id(id));
                            break;
                        default:
                            // The dashboards read factor rows; the WebAuthn credential behind a passkey is only read when it signs in.
                            var credentialId = new byte[32];
                            random.NextBytes(credentialId);
                            factors.Add(Id(Guid.CreateVersion7(enrolledAt)), At(enrolledAt), credentialId, k == 0 ? 1 : 0, (int)FactorKind.Passkey, null, At(enrolledAt), "Chrome on Windows", Id(id));
                            break;
                    }
                }

                if (kinds.Length == 0 && random.NextDouble() < 0.4)
                {
                    // Managers have reminded many of those not enrolled yet, some more than once.
                    var manager = managers[(i % buildings.Count) / 5];
                    var kind = isActivated ? ResidentReminderKind.SetUpVerification : ResidentReminderKind.Activation;
                    for (var r = random.Next(1, 4); r > 0; r--)
                    {
                        reminders.Add(Id(Guid.NewGuid()), Id(building), (int)kind, At(now.AddDays(-random.Next(1, 30))), Id(manager.Id), Id(id));
                    }
                }

                if (!isActivated)
                {
                    continue;
                }

                var method = kinds.Length == 0 ? SignInMethod.Password : SignInMethods.AfterPassword(kinds[0]);
                if (random.NextDouble() < 0.5)
                {
                    var created = now.AddMinutes(-random.Next(1, 600));
                    var seen = created.AddMinutes(random.Next(0, Math.Max(1, (int)(now - created).TotalMinutes)));
                    AddSession(sessions, id, SessionClient.Portal, method, created, seen, Min(created.AddHours(12), seen.AddHours(1)), null, null);
                }

                if (random.NextDouble() < 0.33)
                {
                    var client = random.NextDouble() switch { < 0.6 => SessionClient.Android, < 0.95 => SessionClient.Ios, _ => SessionClient.WhiteLabel };
                    var created = now.AddDays(-random.Next(1, 30));
                    AddSession(sessions, id, client, method, created, now.AddHours(-random.Next(1, 48)), created.AddDays(90), null, null);
                }

                if (random.NextDouble() < 0.6)
                {
                    var created = now.AddDays(-random.Next(2, 60));
                    var reason = random.NextDouble() < 0.5 ? SessionEndReason.SignedOut : SessionEndReason.MfaCutover;
                    AddSession(sessions, id, SessionClient.Portal, SignInMethod.Password, created, created.AddMinutes(20), created.AddHours(1), created.AddMinutes(30), reason);
                }
            }

            sessions.Flush();
            sessionCount = sessions.Inserted;
        }

        transaction.Commit();
        return new ResidentsPopulation(buildings, managers, supportId, "support-0@bench.connecx.example", residents, activated, withFactor, (int)sessionCount,
            [.. searchTerms.Distinct(StringComparer.OrdinalIgnoreCase)]);
    }

    /// <summary>
    /// The sessions table at 6 pm on the cutover evening: <paramref name="livePortalSessions"/> live portal sessions
    /// (signed in during the day, seen in the last hour), and beside them, untouched by the portal's phase, a tenth as
    /// many ended portal sessions, a twentieth lapsed ones and a tenth app sessions. Ten sessions per user.
    /// </summary>
    public static CutoverPopulation AddCutoverSessions(string databasePath, int livePortalSessions, DateTimeOffset cutover)
    {
        var random = new Random(21082024);
        var ended = livePortalSessions / 10;
        var lapsed = livePortalSessions / 20;
        var apps = livePortalSessions / 10;
        var total = livePortalSessions + ended + lapsed + apps;
        var userCount = Math.Max(1, total / 10);

        using var connection = OpenForSeeding(databasePath);
        using var transaction = BeginSeeding(connection);
        var userIds = new Guid[userCount];
        var positions = new int[userCount];
        using (var users = new BulkInserter(connection, transaction, "AspNetUsers", UserColumns))
        {
            for (var u = 0; u < userCount; u++)
            {
                userIds[u] = Guid.CreateVersion7(cutover.AddDays(-100).AddSeconds(u));
                positions[u] = CutoverSpread.PositionOf(userIds[u]);
                AddUser(users, userIds[u], $"cutover-{u:D7}@bench.connecx.example", "Cutover", $"User {u}", null, null, cutover.AddDays(-100), cutover.AddDays(-99), null, twoFactor: false);
            }
        }

        using (var sessions = new BulkInserter(connection, transaction, "UserSessions", SessionColumns))
        {
            for (var i = 0; i < total; i++)
            {
                var user = i % userCount;
                if (i < livePortalSessions)
                {
                    var created = cutover.AddMinutes(-random.Next(1, 11 * 60));
                    var seen = Max(created, cutover.AddSeconds(-random.Next(1, 55 * 60)));
                    AddSession(sessions, userIds[user], SessionClient.Portal, SignInMethod.Password, created, seen, Min(created.AddHours(12), seen.AddHours(1)), null, null, positions[user]);
                }
                else if (i < livePortalSessions + ended)
                {
                    var created = cutover.AddDays(-random.Next(1, 30));
                    AddSession(sessions, userIds[user], SessionClient.Portal, SignInMethod.Password, created, created.AddMinutes(10), created.AddHours(1), created.AddMinutes(15), SessionEndReason.SignedOut, positions[user]);
                }
                else if (i < livePortalSessions + ended + lapsed)
                {
                    var created = cutover.AddHours(-random.Next(14, 48));
                    AddSession(sessions, userIds[user], SessionClient.Portal, SignInMethod.Password, created, created.AddMinutes(5), created.AddMinutes(65), null, null, positions[user]);
                }
                else
                {
                    var client = (SessionClient)(2 + (i % 3));
                    var created = cutover.AddDays(-random.Next(1, 80));
                    AddSession(sessions, userIds[user], client, SignInMethod.Password, created, cutover.AddHours(-random.Next(1, 72)), created.AddDays(90), null, null, positions[user]);
                }
            }
        }

        transaction.Commit();
        return new CutoverPopulation(userCount, livePortalSessions, total - livePortalSessions);
    }

    /// <summary>
    /// <paramref name="count"/> portal sessions of <paramref name="users"/> that ended between 100 and 400 days before
    /// <paramref name="now"/>: all due for deletion with the default Retention:Sessions (90 days).
    /// </summary>
    public static int AddEndedSessions(string databasePath, int count, IReadOnlyList<Guid> users, DateTimeOffset now)
    {
        var random = new Random(90);
        using var connection = OpenForSeeding(databasePath);
        using var transaction = BeginSeeding(connection);
        using (var sessions = new BulkInserter(connection, transaction, "UserSessions", SessionColumns))
        {
            for (var i = 0; i < count; i++)
            {
                var ended = now.AddDays(-100 - random.Next(300)).AddSeconds(-random.Next(86_400));
                var created = ended.AddMinutes(-random.Next(5, 600));
                AddSession(sessions, users[i % users.Count], SessionClient.Portal, SignInMethod.Password, created, ended, Min(created.AddHours(12), ended.AddHours(1)), ended, SessionEndReason.SignedOut);
            }
        }

        transaction.Commit();
        return count;
    }

    public static Guid RoleId(SqliteConnection connection, string role) =>
        Guid.Parse(Scalar<string>(connection, """SELECT "Id" FROM "AspNetRoles" WHERE "NormalizedName" = $name""", ("$name", role.ToUpperInvariant())));

    private static List<Guid> AddBuildings(SqliteConnection connection, SqliteTransaction transaction, int count, string kind)
    {
        var ids = new List<Guid>(count);
        using var buildings = new BulkInserter(connection, transaction, "Buildings", "Id", "Address", "Name", "Postcode", "State", "Suburb");
        for (var b = 0; b < count; b++)
        {
            var id = Guid.CreateVersion7();
            ids.Add(id);
            buildings.Add(Id(id), $"{1 + b} Bench Street", $"Bench {kind} {b + 1:D3}", $"{2000 + (b % 200)}", "NSW", "Sydney");
        }

        return ids;
    }

    private static void AddUser(
        BulkInserter users, Guid id, string email, string given, string family, Guid? building, string? unit,
        DateTimeOffset invitedAt, DateTimeOffset? activatedAt, string? passwordHash, bool twoFactor, bool invited = false)
    {
        var normalized = email.ToUpperInvariant();
        users.Add(
            Id(id), 0, At(activatedAt), building is { } b ? Id(b) : null, Guid.NewGuid().ToString(), At(invitedAt.AddHours(-1)), email,
            activatedAt is null ? 0 : 1, family, given, invited ? At(invitedAt) : null, 1, null, normalized, normalized,
            activatedAt is null ? null : passwordHash, null, 0, 0, Guid.NewGuid().ToString("N").ToUpperInvariant(), twoFactor ? 1 : 0, unit, email);
    }

    private static void AddAuthenticator(BulkInserter tokens, BulkInserter factors, Guid userId, string key, DateTimeOffset addedAt, long lastStep, bool isDefault = true)
    {
        tokens.Add(Id(userId), "[AspNetUserStore]", "AuthenticatorKey", key);
        factors.Add(Id(Guid.CreateVersion7(addedAt)), At(addedAt), null, isDefault ? 1 : 0, (int)FactorKind.AuthenticatorApp, lastStep, At(addedAt), "Authenticator app", Id(userId));
    }

    private static void AddSession(
        BulkInserter sessions, Guid userId, SessionClient client, SignInMethod method, DateTimeOffset created, DateTimeOffset seen,
        DateTimeOffset expires, DateTimeOffset? ended, SessionEndReason? reason, int? position = null)
    {
        var app = client.IsApp();
        sessions.Add(
            Id(Guid.CreateVersion7(created)), app ? "3.2.0" : null, client == SessionClient.WhiteLabel ? "Acme Living" : null, (int)client,
            At(created), client switch { SessionClient.Portal => "Chrome on Windows", SessionClient.Ios => "iPhone 15", _ => "Pixel 8" },
            app ? Guid.NewGuid().ToString("N") : null, reason is { } r ? (int)r : null, At(ended), null, At(expires), "203.0.113.7", At(seen),
            (int)method, position ?? CutoverSpread.PositionOf(userId), Id(userId));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
