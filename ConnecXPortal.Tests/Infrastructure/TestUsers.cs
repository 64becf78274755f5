using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>Fresh accounts for one test, so that tests never share lockout counters or factors.</summary>
public static class TestUsers
{
    /// <summary>An activated resident of the first demo building with the demo password.</summary>
    public static Task<PortalUser> CreateResidentAsync(this PortalAppFactory app, string? email = null, bool activated = true) =>
        app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PortalUser>>();
            var db = services.GetRequiredService<PortalDbContext>();
            var clock = services.GetRequiredService<TimeProvider>();
            var building = await db.Buildings.OrderBy(b => b.Name).FirstAsync();
            email ??= $"resident-{Guid.NewGuid():N}@tests.example.com";
            var user = new PortalUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = activated,
                GivenName = "Test",
                FamilyName = "Resident",
                BuildingId = building.Id,
                Unit = "101",
                CreatedAt = clock.GetUtcNow(),
                InvitedAt = clock.GetUtcNow(),
                ActivatedAt = activated ? clock.GetUtcNow() : null,
            };
            var result = activated ? await users.CreateAsync(user, DemoAccounts.Password) : await users.CreateAsync(user);
            result.Succeeded.Should().BeTrue(string.Join("; ", result.Errors.Select(e => e.Description)));
            (await users.AddToRoleAsync(user, PortalRoles.Resident)).Succeeded.Should().BeTrue();
            return user;
        });
}
