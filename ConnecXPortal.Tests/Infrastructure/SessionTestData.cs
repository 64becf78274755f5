using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Cutover;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>Sessions and users written straight into the database, for the cutover and session tests.</summary>
public static class SessionTestData
{
    /// <summary>Stops the cutover job's background loop, so a test decides when the runner runs.</summary>
    public static PortalAppFactory WithoutCutoverJob(this PortalAppFactory app) =>
        app.WithServices(services =>
        {
            foreach (var job in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(CutoverJob)).ToList())
            {
                services.Remove(job);
            }
        });

    /// <summary>Users without a password (nobody signs in as them), enough to spread across a phase.</summary>
    public static async Task<List<Guid>> AddUsersAsync(this PortalAppFactory app, int count)
    {
        await using var db = app.CreateDbContext();
        var users = Enumerable.Range(0, count).Select(i =>
        {
            var email = $"spread-{Guid.NewGuid():N}@tests.example.com";
            return new PortalUser
            {
                Id = Guid.CreateVersion7(),
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                SecurityStamp = Guid.NewGuid().ToString("N"),
                GivenName = "Spread",
                FamilyName = $"User {i}",
                CreatedAt = app.Clock.GetUtcNow(),
            };
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        return [.. users.Select(u => u.Id)];
    }

    /// <summary>A session as the portal or the app API would record it, created at <paramref name="createdAt"/>.</summary>
    public static UserSession NewSession(Guid userId, SessionClient client, DateTimeOffset createdAt, SignInMethod method = SignInMethod.Password) => new()
    {
        UserId = userId,
        Client = client,
        Brand = client == SessionClient.WhiteLabel ? "Acme Living" : null,
        Device = client switch
        {
            SessionClient.Portal => "Chrome on Windows",
            SessionClient.Android => "Pixel 8",
            SessionClient.Ios => "iPhone 15",
            _ => "Galaxy S24",
        },
        DeviceId = client.IsApp() ? Guid.NewGuid().ToString("N") : null,
        AppVersion = client.IsApp() ? "3.2.0" : null,
        IpAddress = "203.0.113.7",
        SignInMethod = method,
        CreatedAt = createdAt.ToUniversalTime(),
        LastSeenAt = createdAt.ToUniversalTime(),
        // Apps stay signed in for 90 days; portal sessions are given the same here so that only the cutover ends them.
        ExpiresAt = createdAt.ToUniversalTime().AddDays(90),
        SpreadPosition = CutoverSpread.PositionOf(userId),
    };

    public static async Task<List<UserSession>> AddSessionsAsync(this PortalAppFactory app, IEnumerable<UserSession> sessions)
    {
        await using var db = app.CreateDbContext();
        var list = sessions.ToList();
        db.UserSessions.AddRange(list);
        await db.SaveChangesAsync();
        return list;
    }

    public static async Task<UserSession> ReloadAsync(this PortalAppFactory app, Guid sessionId)
    {
        await using var db = app.CreateDbContext();
        return await db.UserSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId);
    }

    /// <summary>Runs the cutover runner once, as one portal instance would.</summary>
    public static Task<IReadOnlyList<CutoverRun>> RunCutoverAsync(this PortalAppFactory app, string instance = "test") =>
        app.WithScopeAsync(services =>
        {
            var runner = services.GetRequiredService<CutoverRunner>();
            runner.Instance = instance;
            return runner.RunDueAsync();
        });
}

/// <summary>The portal on the evening of the cutover: 5 pm in Sydney on 21 August 2024, an hour before it.</summary>
public class CutoverEveAppFactory : PortalAppFactory
{
    public static readonly DateTimeOffset Start = new(2024, 8, 21, 17, 0, 0, TimeSpan.FromHours(10));

    public CutoverEveAppFactory()
    {
    }

    /// <summary>A second instance on <paramref name="sharing"/>'s database.</summary>
    protected CutoverEveAppFactory(PortalAppFactory sharing)
        : base(sharing)
    {
    }

    protected override DateTimeOffset StartTime => Start;
}

/// <summary>A portal started for one test and disposed with its database at the end of it (<c>await using</c>).</summary>
public sealed class OwnedApp<TApp>(TApp app) : IAsyncDisposable
    where TApp : PortalAppFactory
{
    public TApp App { get; } = app;

    public static async Task<OwnedApp<TApp>> StartAsync(TApp app)
    {
        await ((IAsyncLifetime)app).InitializeAsync();
        return new OwnedApp<TApp>(app);
    }

    public async ValueTask DisposeAsync() => await ((IAsyncLifetime)App).DisposeAsync();
}
