using System.Security.Cryptography;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.AppApi;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.EmailLinks;
using ConnecXPortal.Web.Features.Enrolment;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Retention;
using ConnecXPortal.Web.Features.Security;
using ConnecXPortal.Web.Features.Sessions;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Retention;

/// <summary>The portal with audit retention set to a year and small batches, so a few rows take several batches.</summary>
public sealed class RetentionAppFactory : PortalAppFactory
{
    public const int BatchSize = 3;

    public RetentionAppFactory()
    {
        WithSetting("Retention:Audit", "365.00:00:00");
        WithSetting("Retention:BatchSize", BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        WithSetting("Retention:PauseBetweenBatches", "00:00:00");
    }
}

/// <summary>Each kind of row is kept for its period and deleted after it, on the fake clock; live rows never are.</summary>
public sealed class RetentionTests(RetentionAppFactory app) : IClassFixture<RetentionAppFactory>
{
    private DateTimeOffset Now => app.Clock.GetUtcNow().ToUniversalTime();

    [Fact]
    public async Task Sessions_EndedOrLapsedLongerThanTheirPeriod_AreDeletedWithTheirRefreshTokens_LiveOnesNeverAre()
    {
        var user = (await app.AddUsersAsync(1))[0];
        var endedLongAgo = Session(user, SessionClient.Android, ended: Now.AddDays(-91));
        var endedRecently = Session(user, SessionClient.Android, ended: Now.AddDays(-89));
        var lapsedLongAgo = Session(user, SessionClient.Portal, expires: Now.AddDays(-91));
        var lapsedRecently = Session(user, SessionClient.Portal, expires: Now.AddDays(-89));
        var live = Session(user, SessionClient.Ios, expires: Now.AddDays(30), created: Now.AddDays(-300));
        await app.AddSessionsAsync([endedLongAgo, endedRecently, lapsedLongAgo, lapsedRecently, live]);
        var tokens = await AddTokensAsync(endedLongAgo, 2);
        var liveTokens = await AddTokensAsync(live, 2);

        await RunAsync();

        await using var db = app.CreateDbContext();
        (await db.UserSessions.Where(s => s.UserId == user).Select(s => s.Id).ToListAsync())
            .Should().BeEquivalentTo([endedRecently.Id, lapsedRecently.Id, live.Id]);
        (await db.AppRefreshTokens.CountAsync(t => tokens.Contains(t.Id))).Should().Be(0);
        (await db.AppRefreshTokens.CountAsync(t => liveTokens.Contains(t.Id))).Should().Be(2);
    }

    [Fact]
    public async Task MoreRowsThanOneBatch_AreAllDeleted_AcrossSeveralBatches()
    {
        var user = (await app.AddUsersAsync(1))[0];
        var sessions = Enumerable.Range(0, 10).Select(i => Session(user, SessionClient.Android, ended: Now.AddDays(-100 - i))).ToList();
        await app.AddSessionsAsync(sessions);
        var tokens = await AddTokensAsync(sessions[0], 7);

        var counts = await RunAsync();

        await using var db = app.CreateDbContext();
        (await db.UserSessions.CountAsync(s => s.UserId == user)).Should().Be(0);
        (await db.AppRefreshTokens.CountAsync(t => tokens.Contains(t.Id))).Should().Be(0);
        var ended = counts.Single(c => c.Table == "UserSessions (ended)");
        ended.Deleted.Should().BeGreaterThanOrEqualTo(10);
        ended.Batches.Should().BeGreaterThanOrEqualTo(4 + 3, "10 sessions in batches of 3, and 7 tokens in batches of 3 first");
    }

    [Fact]
    public async Task LinksCodesStepUpsAndTickets_AreDeletedSevenDaysAfterTheyWereUsedOrExpired()
    {
        var user = (await app.AddUsersAsync(1))[0];
        AccountLink Link(DateTimeOffset expires, DateTimeOffset? used = null) => new()
        {
            UserId = user,
            Purpose = AccountLinkPurpose.Activation,
            TokenHash = RandomNumberGenerator.GetBytes(32),
            CreatedAt = expires.AddDays(-7),
            ExpiresAt = expires,
            UsedAt = used,
        };
        EmailCodeChallenge Code(DateTimeOffset sent) => new()
        {
            UserId = user,
            AttemptId = Guid.NewGuid(),
            Purpose = EmailCodePurpose.SignIn,
            Salt = new byte[16],
            Hash = new byte[32],
            SentAt = sent,
        };
        AppSignInTicket Ticket(DateTimeOffset expires) => new() { Id = Guid.NewGuid(), UserId = user, IssuedAt = expires.AddMinutes(-15), ExpiresAt = expires };

        var links = new[] { Link(Now.AddDays(-8)), Link(Now.AddDays(-6)), Link(Now.AddDays(1), used: Now.AddDays(-8)), Link(Now.AddDays(1), used: Now.AddDays(-6)) };
        var codes = new[] { Code(Now.AddDays(-8)), Code(Now.AddDays(-6)) };
        var stepUps = new[] { new StepUpVerification { UserId = user, SignInId = Guid.NewGuid(), VerifiedAt = Now.AddDays(-8) }, new StepUpVerification { UserId = user, SignInId = Guid.NewGuid(), VerifiedAt = Now.AddDays(-6) } };
        var tickets = new[] { Ticket(Now.AddDays(-8)), Ticket(Now.AddDays(-6)) };
        await using (var arrange = app.CreateDbContext())
        {
            arrange.AccountLinks.AddRange(links);
            arrange.EmailCodeChallenges.AddRange(codes);
            arrange.StepUpVerifications.AddRange(stepUps);
            arrange.AppSignInTickets.AddRange(tickets);
            await arrange.SaveChangesAsync();
        }

        await RunAsync();

        await using var db = app.CreateDbContext();
        (await db.AccountLinks.Where(l => l.UserId == user).Select(l => l.Id).ToListAsync()).Should().BeEquivalentTo([links[1].Id, links[3].Id]);
        (await db.EmailCodeChallenges.Where(c => c.UserId == user).Select(c => c.Id).ToListAsync()).Should().Equal(codes[1].Id);
        (await db.StepUpVerifications.Where(v => v.UserId == user).Select(v => v.Id).ToListAsync()).Should().Equal(stepUps[1].Id);
        (await db.AppSignInTickets.Where(t => t.UserId == user).Select(t => t.Id).ToListAsync()).Should().Equal(tickets[1].Id);
    }

    [Fact]
    public async Task OutboxMessages_AreDeletedAfterThirtyDays_AndThrottleSlotsOnceTheirWindowHasPassed()
    {
        var to = $"retention-{Guid.NewGuid():N}@tests.example.com";
        var old = new OutboxMessage { CreatedAt = Now.AddDays(-31), To = to, Subject = "Old", Template = "test" };
        var recent = new OutboxMessage { CreatedAt = Now.AddDays(-29), To = to, Subject = "Recent", Template = "test" };
        var key = $"retention-test:{Guid.NewGuid():N}";

        // The longest window a slot is taken with is RateLimits:AccountEmails:RecipientWindow, an hour by default.
        var passed = new ThrottleSlot { Key = key, Slot = 0, UsedAt = Now.AddHours(-2) };
        var current = new ThrottleSlot { Key = key, Slot = 1, UsedAt = Now.AddMinutes(-30) };
        await using (var arrange = app.CreateDbContext())
        {
            arrange.OutboxMessages.AddRange(old, recent);
            arrange.ThrottleSlots.AddRange(passed, current);
            await arrange.SaveChangesAsync();
        }

        await RunAsync();

        await using var db = app.CreateDbContext();
        (await db.OutboxMessages.Where(m => m.To == to).Select(m => m.Subject).ToListAsync()).Should().Equal("Recent");
        (await db.ThrottleSlots.Where(s => s.Key == key).Select(s => s.Slot).ToListAsync()).Should().Equal(1);
    }

    [Fact]
    public async Task AuditEvents_OlderThanRetentionAudit_AreDeletedThroughTheGuard_AndThePurgeIsAudited()
    {
        var marker = Guid.NewGuid().ToString("N");
        var old = await AddAuditEventAsync(Now.AddDays(-400), marker);
        var kept = await AddAuditEventAsync(Now.AddDays(-300), marker);

        var counts = await RunAsync();

        await using var db = app.CreateDbContext();
        (await db.AuditEvents.Where(e => e.Details == marker).Select(e => e.Id).ToListAsync()).Should().Equal(kept);
        counts.Single(c => c.Table == "AuditEvents").Deleted.Should().BePositive();
        var purge = await db.AuditEvents.Where(e => e.Type == AuditEventTypes.AuditEventsPurged).OrderByDescending(e => e.Id).FirstAsync();
        purge.Details.Should().Be($"Deleted {counts.Single(c => c.Table == "AuditEvents").Deleted} audit events from before {Now.AddDays(-365).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}.");
        purge.Reason.Should().Be("Retention:Audit is 365 days.");
        (await db.AuditEvents.AnyAsync(e => e.Id == old)).Should().BeFalse();
        (await db.Database.SqlQueryRaw<int>("""SELECT COUNT(*) AS "Value" FROM "AuditRetentionGrants" """).SingleAsync()).Should().Be(0, "the grant lives only inside its batch's transaction");
    }

    [Fact]
    public async Task WithAuditRetentionConfigured_AnOrdinaryDeleteOrUpdateOfAnOldEvent_IsStillRefused()
    {
        var old = await AddAuditEventAsync(Now.AddDays(-400), Guid.NewGuid().ToString("N"));
        await using var db = app.CreateDbContext();

        var delete = () => db.AuditEvents.Where(e => e.Id == old).ExecuteDeleteAsync();
        var update = () => db.AuditEvents.Where(e => e.Id == old).ExecuteUpdateAsync(s => s.SetProperty(e => e.Reason, "rewritten"));

        (await delete.Should().ThrowAsync<SqliteException>()).Which.Message.Should().Contain("audit events cannot be deleted");
        (await update.Should().ThrowAsync<SqliteException>()).Which.Message.Should().Contain("audit events cannot be changed");
        (await db.AuditEvents.AnyAsync(e => e.Id == old)).Should().BeTrue();
    }

    [Fact]
    public async Task AGrant_NeverAllowsDeletingEventsYoungerThanNinetyDaysByTheDatabasesClock()
    {
        // The database checks against its own clock, not the portal's: a wrong clock or cutoff cannot purge recent events.
        var recent = await AddAuditEventAsync(DateTimeOffset.UtcNow.AddDays(-10), Guid.NewGuid().ToString("N"));
        await using var db = app.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var cutoff = DateTimeOffset.UtcNow.AddDays(1).UtcTicks;
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "AuditRetentionGrants" ("Cutoff") VALUES ({cutoff})""");

        var delete = () => db.AuditEvents.Where(e => e.Id == recent).ExecuteDeleteAsync();

        (await delete.Should().ThrowAsync<SqliteException>()).Which.Message.Should().Contain("audit events cannot be deleted");
        await transaction.RollbackAsync();
        (await db.AuditEvents.AnyAsync(e => e.Id == recent)).Should().BeTrue();
    }

    private Task<IReadOnlyList<RetentionCount>> RunAsync() =>
        app.WithScopeAsync(services => services.GetRequiredService<RetentionRunner>().RunAsync());

    private async Task<long> AddAuditEventAsync(DateTimeOffset at, string details)
    {
        await using var db = app.CreateDbContext();
        var row = new AuditEvent { At = at.ToUniversalTime(), Type = AuditEventTypes.SignedOut, Details = details };
        db.AuditEvents.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    private async Task<List<Guid>> AddTokensAsync(UserSession session, int count)
    {
        await using var db = app.CreateDbContext();
        var tokens = Enumerable.Range(0, count).Select(i => new AppRefreshToken
        {
            SessionId = session.Id,
            TokenHash = RandomNumberGenerator.GetBytes(32),
            DeviceId = session.DeviceId ?? "device",
            Client = session.Client,
            AppVersion = "3.2.0",
            IssuedAt = session.CreatedAt,
            ExpiresAt = session.ExpiresAt,
            UsedAt = i < count - 1 ? session.CreatedAt : null,
        }).ToList();
        db.AppRefreshTokens.AddRange(tokens);
        await db.SaveChangesAsync();
        return [.. tokens.Select(t => t.Id)];
    }

    private UserSession Session(Guid user, SessionClient client, DateTimeOffset? ended = null, DateTimeOffset? expires = null, DateTimeOffset? created = null)
    {
        var at = created ?? (ended ?? expires ?? Now).AddDays(-1);
        var session = SessionTestData.NewSession(user, client, at);
        session.ExpiresAt = (expires ?? at.AddDays(90)).ToUniversalTime();
        session.EndedAt = ended?.ToUniversalTime();
        session.EndReason = ended is null ? null : SessionEndReason.SignedOut;
        return session;
    }
}

/// <summary>With the defaults the audit log is kept for ever, and the job runs on the clock.</summary>
public sealed class RetentionDefaultsTests
{
    [Fact]
    public async Task ByDefault_AuditEventsAreKeptForEver()
    {
        await using var owned = await OwnedApp<PortalAppFactory>.StartAsync(new PortalAppFactory());
        var app = owned.App;
        long old;
        await using (var arrange = app.CreateDbContext())
        {
            var row = new AuditEvent { At = app.Clock.GetUtcNow().AddYears(-20).ToUniversalTime(), Type = AuditEventTypes.SignedOut, Details = "Twenty years old." };
            arrange.AuditEvents.Add(row);
            await arrange.SaveChangesAsync();
            old = row.Id;
        }

        var counts = await app.WithScopeAsync(services => services.GetRequiredService<RetentionRunner>().RunAsync());

        counts.Should().NotContain(c => c.Table == "AuditEvents");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.AnyAsync(e => e.Id == old)).Should().BeTrue();
        (await db.AuditEvents.AnyAsync(e => e.Type == AuditEventTypes.AuditEventsPurged)).Should().BeFalse();
    }

    [Fact]
    public async Task WhenEnabled_TheJobRunsAgainEveryInterval_OnTheClock()
    {
        var factory = new PortalAppFactory();
        factory.WithSetting("Retention:Enabled", "true").WithSetting("Retention:Interval", "01:00:00");
        await using var owned = await OwnedApp<PortalAppFactory>.StartAsync(factory);
        var app = owned.App;
        var user = (await app.AddUsersAsync(1))[0];
        var now = app.Clock.GetUtcNow().ToUniversalTime();

        // Due 30 minutes from now: only a run after the clock has moved (the next tick) can delete it.
        var session = SessionTestData.NewSession(user, SessionClient.Portal, now.AddDays(-100));
        session.EndedAt = now.AddDays(-90).AddMinutes(30);
        session.EndReason = SessionEndReason.SignedOut;
        await app.AddSessionsAsync([session]);
        (await SessionExistsAsync(app, session.Id)).Should().BeTrue();

        app.Clock.Advance(TimeSpan.FromHours(1));

        await Eventually.TrueAsync(async () => !await SessionExistsAsync(app, session.Id), "the job's next run has deleted the session");
    }

    private static async Task<bool> SessionExistsAsync(PortalAppFactory app, Guid id)
    {
        await using var db = app.CreateDbContext();
        return await db.UserSessions.AnyAsync(s => s.Id == id);
    }
}
