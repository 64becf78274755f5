using System.Security.Claims;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>A resident for the dashboard tests: where they stand, their factors (kind and when added) and sign-ins.</summary>
public sealed record ResidentSpec(string GivenName, string FamilyName, bool Activated = true)
{
    public IReadOnlyList<(FactorKind Kind, DateTimeOffset AddedAt)> Factors { get; init; } = [];

    /// <summary>When each of their sessions started.</summary>
    public IReadOnlyList<DateTimeOffset> SignIns { get; init; } = [];

    public string? Unit { get; init; }

    public string? Email { get; init; }
}

/// <summary>Buildings and residents written straight into the database, for the managers' dashboard and support tests.</summary>
public static class ManageTestData
{
    /// <summary>A new building managed by <paramref name="managerEmail"/> (the demo manager unless said otherwise).</summary>
    public static async Task<Guid> CreateManagedBuildingAsync(this PortalAppFactory app, string? managerEmail = DemoAccounts.Manager, string? name = null)
    {
        await using var db = app.CreateDbContext();
        var building = new Building
        {
            Name = name ?? $"Test Tower {Guid.NewGuid().ToString("N")[..8]}",
            Address = "1 Test Street",
            Suburb = "Sydney",
            State = "NSW",
            Postcode = "2000",
        };
        db.Buildings.Add(building);
        if (managerEmail is not null)
        {
            var managerId = await db.Users.Where(u => u.Email == managerEmail).Select(u => u.Id).SingleAsync();
            db.BuildingManagers.Add(new BuildingManagerAssignment { BuildingId = building.Id, ManagerId = managerId, AssignedAt = app.Clock.GetUtcNow() });
        }

        await db.SaveChangesAsync();
        return building.Id;
    }

    /// <summary>Adds residents to a building; returns their ids in order.</summary>
    public static async Task<List<Guid>> AddResidentsAsync(this PortalAppFactory app, Guid buildingId, params ResidentSpec[] residents)
    {
        await using var db = app.CreateDbContext();
        var role = await db.Roles.Where(r => r.Name == PortalRoles.Resident).Select(r => r.Id).SingleAsync();
        var now = app.Clock.GetUtcNow().ToUniversalTime();
        var ids = new List<Guid>();
        foreach (var spec in residents)
        {
            var email = spec.Email ?? $"{spec.GivenName}.{spec.FamilyName}.{Guid.NewGuid().ToString("N")[..6]}@tests.example.com".ToLowerInvariant();
            var user = new PortalUser
            {
                Id = Guid.CreateVersion7(),
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = spec.Activated,
                GivenName = spec.GivenName,
                FamilyName = spec.FamilyName,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true,
                BuildingId = buildingId,
                Unit = spec.Unit ?? "101",
                CreatedAt = now.AddDays(-60),
                InvitedAt = now.AddDays(-60),
                ActivatedAt = spec.Activated ? now.AddDays(-59) : null,
                TwoFactorEnabled = spec.Factors.Count > 0,
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = role });
            var first = true;
            foreach (var (kind, addedAt) in spec.Factors)
            {
                db.UserFactors.Add(new UserFactor
                {
                    UserId = user.Id,
                    Kind = kind,
                    Name = kind.DisplayName(),
                    AddedAt = addedAt.ToUniversalTime(),
                    LastUsedAt = addedAt.ToUniversalTime(),
                    IsDefault = first,
                });
                first = false;
            }

            foreach (var signIn in spec.SignIns)
            {
                var session = SessionTestData.NewSession(user.Id, SessionClient.Portal, signIn.ToUniversalTime());
                db.UserSessions.Add(session);
            }

            ids.Add(user.Id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    /// <summary>The demo user's id.</summary>
    public static async Task<Guid> UserIdAsync(this PortalAppFactory app, string email)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>A signed-in principal for <paramref name="email"/> (a demo account) with their roles, to call services directly.</summary>
    public static async Task<ClaimsPrincipal> PrincipalAsync(this PortalAppFactory app, string email)
    {
        await using var db = app.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var roles = await db.UserRoles.Where(ur => ur.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToArrayAsync();
        return AnnouncementTestData.Person(user.Id, email, roles);
    }

    /// <summary>
    /// A principal of <paramref name="email"/> in a session of its own that verified a second factor just now (step-up),
    /// as support is when it acts from the console.
    /// </summary>
    public static async Task<ClaimsPrincipal> SteppedUpPrincipalAsync(this PortalAppFactory app, string email)
    {
        var principal = await app.PrincipalAsync(email);
        var sessionId = Guid.NewGuid();
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ConnecXPortal.Web.Features.Sessions.SessionClaimTypes.SessionId, sessionId.ToString()));
        await app.WithScopeAsync(s => s.GetRequiredService<ConnecXPortal.Web.Features.Security.StepUp>()
            .RecordAsync(Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!), sessionId));
        return principal;
    }

    /// <summary>An instant on the local (Sydney) clock.</summary>
    public static DateTimeOffset Sydney(int year, int month, int day, int hour, int minute = 0) =>
        new(new DateTime(year, month, day, hour, minute, 0), TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney").GetUtcOffset(new DateTime(year, month, day, hour, minute, 0)));
}
