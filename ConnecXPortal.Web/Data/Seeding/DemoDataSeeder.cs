using System.Security.Cryptography;
using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Data.Seeding;

/// <summary>
/// Fills an empty database with three buildings, their residents in every rollout state, two building managers
/// and one support user. The README lists the accounts; all activated ones share <see cref="DemoDataOptions.Password"/>.
/// </summary>
internal sealed class DemoDataSeeder(
    PortalDbContext db,
    IPasswordHasher<PortalUser> passwordHasher,
    ILookupNormalizer normalizer,
    IOptions<DemoDataOptions> options,
    CutoverSchedule schedule,
    PortalTime time,
    TimeProvider clock)
{
    public const string Domain = "example.com";
    public const string ResidentEmail = "resident@example.com";
    public const string InvitedResidentEmail = "invited@example.com";
    public const string ManagerEmail = "manager@example.com";
    public const string SecondManagerEmail = "manager2@example.com";
    public const string SupportEmail = "support@example.com";

    /// <summary>
    /// The published authenticator key of the demo accounts that use an authenticator app (README): add it to any
    /// authenticator app, or compute codes from it, to sign in as them. Demo data only, never in production.
    /// </summary>
    public const string DemoAuthenticatorKey = "CONNECXDEMOKEY234567CONNECXDEMOK";

    private static readonly string[] GivenNames =
    [
        "Olivia", "Jack", "Charlotte", "Noah", "Amelia", "William", "Isla", "Oliver", "Mia", "Leo",
        "Ava", "Henry", "Grace", "Lucas", "Chloe", "Thomas", "Zoe", "James", "Ruby", "Ethan",
        "Harper", "Hudson", "Sophie", "Archie", "Matilda", "Lachlan", "Ella", "Cooper", "Isabella", "Mason",
    ];

    private static readonly string[] FamilyNames =
    [
        "Nguyen", "Smith", "Williams", "Brown", "Wilson", "Taylor", "Johnson", "White", "Martin", "Anderson",
        "Thompson", "Tran", "Walker", "Harris", "Lee", "Ryan", "Robinson", "Kelly", "King", "Davis",
        "Wright", "Evans", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel", "Chen",
    ];

    /// <summary>Seeds when the database has no users; returns whether it did.</summary>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, cancellationToken);

        // One hash for every demo account: hashing 60 times would only slow the first start.
        var passwordHash = passwordHasher.HashPassword(new PortalUser(), options.Value.Password);

        var buildings = new[]
        {
            new Building { Name = "Harbourview Apartments", Address = "12 Pirrama Road", Suburb = "Pyrmont", State = "NSW", Postcode = "2009" },
            new Building { Name = "Parkside Residences", Address = "48 Lang Road", Suburb = "Moore Park", State = "NSW", Postcode = "2021" },
            new Building { Name = "The Quarry Lofts", Address = "3 Quarry Master Drive", Suburb = "Pyrmont", State = "NSW", Postcode = "2009" },
        };
        db.Buildings.AddRange(buildings);
        db.BuildingNotices.AddRange(Notices(buildings, now));

        var manager = NewUser(ManagerEmail, "Priya", "Sharma", now, passwordHash, activated: true);
        var secondManager = NewUser(SecondManagerEmail, "Daniel", "O'Connor", now, passwordHash, activated: true);
        var support = NewUser(SupportEmail, "Sam", "Support", now, passwordHash, activated: true);
        AddUser(manager, roles[PortalRoles.BuildingManager]);
        AddUser(secondManager, roles[PortalRoles.BuildingManager]);
        AddUser(support, roles[PortalRoles.Support]);
        db.BuildingManagers.AddRange(
            new BuildingManagerAssignment { Manager = manager, Building = buildings[0], AssignedAt = now },
            new BuildingManagerAssignment { Manager = manager, Building = buildings[1], AssignedAt = now },
            new BuildingManagerAssignment { Manager = secondManager, Building = buildings[2], AssignedAt = now });

        var index = 0;
        foreach (var resident in Residents(buildings, now, passwordHash))
        {
            AddUser(resident, roles[PortalRoles.Resident]);
            if (resident.ActivatedAt is not null && index >= 2)
            {
                AddFactors(resident, (index % 5) switch
                {
                    1 => [FactorKind.AuthenticatorApp],
                    2 => [FactorKind.EmailCode],
                    3 => [FactorKind.Passkey, FactorKind.EmailCode],
                    _ => [],
                }, now, addedAt: now.AddDays(-2 - (index % 19)));
            }

            index++;
        }

        // Staff sign in with the published demo authenticator key; resident@example.com has no factor, so whoever tries
        // the demo with it meets the enrolment wizard.
        foreach (var staff in new[] { manager, secondManager, support })
        {
            AddFactors(staff, [FactorKind.AuthenticatorApp], now, addedAt: now.AddDays(-20));
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// 60 residents, 20 per building. The first two are the named demo accounts; the rest cycle through the
    /// rollout states so that every building has residents in each.
    /// </summary>
    private IEnumerable<PortalUser> Residents(Building[] buildings, DateTimeOffset now, string passwordHash)
    {
        yield return Resident(NewUser(ResidentEmail, "Olivia", "Nguyen", now, passwordHash, activated: true), buildings[0], "1204");
        yield return Resident(NewUser(InvitedResidentEmail, "Jack", "Smith", now, passwordHash: null, activated: false), buildings[1], "305");

        for (var i = 2; i < 60; i++)
        {
            var given = GivenNames[i % GivenNames.Length];
            var family = FamilyNames[(i * 7) % FamilyNames.Length];
            var email = $"{given}.{family}{i:00}@{Domain}".ToLowerInvariant();
            var activated = i % 5 != 0;
            var building = buildings[i % buildings.Length];
            var unit = $"{1 + (i % 12)}{(i * 3 % 10):0}{(i % 4) + 1}";
            yield return Resident(NewUser(email, given, family, now, activated ? passwordHash : null, activated), building, unit);
        }
    }

    private static PortalUser Resident(PortalUser user, Building building, string unit)
    {
        user.Building = building;
        user.Unit = unit;
        return user;
    }

    private PortalUser NewUser(string email, string given, string family, DateTimeOffset now, string? passwordHash, bool activated) => new()
    {
        Id = Guid.CreateVersion7(),
        UserName = email,
        NormalizedUserName = normalizer.NormalizeName(email),
        Email = email,
        NormalizedEmail = normalizer.NormalizeEmail(email),
        EmailConfirmed = activated,
        GivenName = given,
        FamilyName = family,
        PasswordHash = passwordHash,
        SecurityStamp = Guid.NewGuid().ToString("N"),
        ConcurrencyStamp = Guid.NewGuid().ToString(),
        LockoutEnabled = true,
        CreatedAt = now.AddDays(-30),
        InvitedAt = now.AddDays(-30),
        ActivatedAt = activated ? now.AddDays(-29) : null,
    };

    /// <summary>
    /// Demo factors, each with the credential behind it: the published authenticator key, the email-code enrolment, or
    /// a passkey whose private key was thrown away (it shows in reports; its owner signs in with the email code).
    /// </summary>
    /// <param name="addedAt">When the factors were set up: residents' are spread over the last three weeks, so the
    /// managers' enrolments-per-day chart shows a rollout rather than one spike.</param>
    private void AddFactors(PortalUser user, FactorKind[] kinds, DateTimeOffset now, DateTimeOffset addedAt)
    {
        for (var i = 0; i < kinds.Length; i++)
        {
            var factor = new UserFactor
            {
                UserId = user.Id,
                Kind = kinds[i],
                Name = kinds[i].DisplayName(),
                AddedAt = addedAt,
                LastUsedAt = now.AddDays(-1),
                IsDefault = i == 0,
            };
            switch (kinds[i])
            {
                case FactorKind.AuthenticatorApp:
                    db.UserTokens.Add(new IdentityUserToken<Guid>
                    {
                        UserId = user.Id,
                        LoginProvider = "[AspNetUserStore]",
                        Name = "AuthenticatorKey",
                        Value = DemoAuthenticatorKey,
                    });
                    break;
                case FactorKind.Passkey:
                    factor.Name = "Demo phone";
                    factor.CredentialId = RandomNumberGenerator.GetBytes(32);
                    db.Set<IdentityUserPasskey<Guid>>().Add(new IdentityUserPasskey<Guid>
                    {
                        UserId = user.Id,
                        CredentialId = factor.CredentialId,
                        Data = new IdentityPasskeyData
                        {
                            Name = factor.Name,
                            PublicKey = DemoPasskeyPublicKey(),
                            CreatedAt = addedAt,
                            Transports = ["internal"],
                            IsUserVerified = true,
                            AttestationObject = [],
                            ClientDataJson = [],
                        },
                    });
                    break;
            }

            db.UserFactors.Add(factor);
        }

        user.TwoFactorEnabled = kinds.Length > 0;
    }

    /// <summary>A COSE-encoded P-256 public key (RFC 9053) whose private key is discarded.</summary>
    private static byte[] DemoPasskeyPublicKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        return [0xA5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20, .. point.X!, 0x22, 0x58, 0x20, .. point.Y!];
    }

    private void AddUser(PortalUser user, Guid roleId)
    {
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleId });
    }

    private IEnumerable<BuildingNotice> Notices(Building[] buildings, DateTimeOffset now)
    {
        var cutover = time.Date(schedule.PortalCutover);
        var (title, body) = now < schedule.PortalCutover
            ? ("Multi-factor authentication is coming",
               $"From {cutover} you will verify your identity each time you sign in to the connecX portal or app. " +
               "On your next sign-in you will choose a method: an authenticator app, a passkey or a code by email.")
            : ("Multi-factor authentication is now required",
               $"Since {cutover} you verify your identity each time you sign in to the connecX portal or app. " +
               "If you have not chosen a method yet, you will set one up on your next sign-in: an authenticator app, a passkey or a code by email.");
        foreach (var building in buildings)
        {
            yield return new BuildingNotice
            {
                Building = building,
                Title = title,
                Body = body,
                PublishedAt = now.AddDays(-7),
            };
            yield return new BuildingNotice
            {
                Building = building,
                Title = "Lift maintenance",
                Body = $"The lifts at {building.Name} will be serviced one at a time next Tuesday between 9 am and 3 pm.",
                PublishedAt = now.AddDays(-2),
            };
        }
    }
}
