using System.Security.Claims;
using System.Text.Json;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Announcements;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>Residents in bulk, people to act as, and waiting for the background sender.</summary>
public static class AnnouncementTestData
{
    /// <summary>A new building with <paramref name="count"/> residents (inserted directly: no password hashing).</summary>
    public static async Task<Guid> CreateBuildingWithResidentsAsync(this PortalAppFactory app, int count, Func<int, string>? givenName = null)
    {
        await using var db = app.CreateDbContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var building = new Building { Name = $"Test Tower {suffix}", Address = "1 Test Street", Suburb = "Sydney", State = "NSW", Postcode = "2000" };
        db.Buildings.Add(building);
        var residentRole = await db.Roles.Where(r => r.Name == PortalRoles.Resident).Select(r => r.Id).SingleAsync();
        for (var i = 0; i < count; i++)
        {
            var email = $"r{i:00000}.{suffix}@bulk.example.com";
            var user = new PortalUser
            {
                Id = Guid.CreateVersion7(),
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                GivenName = givenName?.Invoke(i) ?? $"Resident{i}",
                FamilyName = "Bulk",
                SecurityStamp = Guid.NewGuid().ToString("N"),
                BuildingId = building.Id,
                Unit = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                CreatedAt = app.Clock.GetUtcNow(),
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = residentRole });
        }

        await db.SaveChangesAsync();
        return building.Id;
    }

    public static ClaimsPrincipal Support { get; } = Person(Guid.NewGuid(), "support.tester@example.com", PortalRoles.Support);

    public static ClaimsPrincipal Person(Guid id, string email, params string[] roles) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, id.ToString()),
                new Claim(ClaimTypes.Name, email),
                new Claim(ClaimTypes.Email, email),
                .. roles.Select(r => new Claim(ClaimTypes.Role, r)),
            ],
            "test"));

    public static Task<QueueResult> QueueAnnouncementAsync(this PortalAppFactory app, AnnouncementAudience audience, ClaimsPrincipal? by = null) =>
        app.WithScopeAsync(s => s.GetRequiredService<Campaigns>().QueueAsync(by ?? Support, audience));

    public static async Task<Guid> QueueForBuildingAsync(this PortalAppFactory app, Guid buildingId)
    {
        var result = await app.QueueAnnouncementAsync(AnnouncementAudience.Building(buildingId));
        result.Problem.Should().BeNull();
        return result.CampaignId!.Value;
    }

    /// <summary>Waits until the campaign's progress satisfies <paramref name="condition"/> (the sender works in the background).</summary>
    public static async Task<CampaignProgress> WaitForCampaignAsync(this PortalAppFactory app, Guid campaignId, Func<CampaignProgress, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            await using var db = app.CreateDbContext();
            var progress = await db.CampaignProgressAsync(campaignId);
            if (progress is not null && condition(progress))
            {
                return progress;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Campaign {campaignId} did not reach the expected state; it is {progress}.");
            }

            await Task.Delay(25);
        }
    }

    public static Task<CampaignProgress> WaitForCompletionAsync(this PortalAppFactory app, Guid campaignId) =>
        app.WaitForCampaignAsync(campaignId, p => p.Status == CampaignStatus.Completed);

    /// <summary>Waits until the stub has recorded <paramref name="count"/> requests.</summary>
    public static async Task WaitForRequestsAsync(this SendGridStub stub, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (stub.Requests.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The SendGrid stub has {stub.Requests.Count} requests, expected {count}.");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>The "to" addresses of every personalization in a recorded mail/send request.</summary>
    public static IReadOnlyList<string> Recipients(this RecordedRequest request)
    {
        using var json = JsonDocument.Parse(request.Body);
        return [.. json.RootElement.GetProperty("personalizations").EnumerateArray()
            .Select(p => p.GetProperty("to")[0].GetProperty("email").GetString()!)];
    }

    /// <summary>The requests of one campaign (the stub may be shared by several tests).</summary>
    public static IReadOnlyList<RecordedRequest> OfCampaign(this IEnumerable<RecordedRequest> requests, Guid campaignId) =>
        [.. requests.Where(r =>
        {
            using var json = JsonDocument.Parse(r.Body);
            return json.RootElement.TryGetProperty("custom_args", out var args)
                && args.TryGetProperty("campaign", out var campaign) && campaign.GetString() == campaignId.ToString();
        })];
}
