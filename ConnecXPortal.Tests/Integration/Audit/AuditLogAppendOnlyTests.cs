using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Audit;

/// <summary>The audit log only grows: EF Core refuses to change or delete an event, and so does the database.</summary>
public sealed class AuditLogAppendOnlyTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task ChangingAnEvent_ThroughEfCore_IsRefused()
    {
        await using var db = app.CreateDbContext();
        var row = await db.AuditEvents.OrderBy(e => e.Id).FirstAsync();
        var before = row.Details;

        row.Details = "Nothing happened here.";
        var save = () => db.SaveChangesAsync();

        await save.Should().ThrowAsync<AuditLogAppendOnlyException>().WithMessage($"The audit log is append-only: audit event {row.Id} cannot be changed.");
        await using var check = app.CreateDbContext();
        (await check.AuditEvents.SingleAsync(e => e.Id == row.Id)).Details.Should().Be(before);
    }

    [Fact]
    public async Task DeletingAnEvent_ThroughEfCore_IsRefused()
    {
        await using var db = app.CreateDbContext();
        var row = await db.AuditEvents.OrderBy(e => e.Id).FirstAsync();

        db.AuditEvents.Remove(row);
        var save = () => db.SaveChangesAsync();

        await save.Should().ThrowAsync<AuditLogAppendOnlyException>();
        await using var check = app.CreateDbContext();
        (await check.AuditEvents.AnyAsync(e => e.Id == row.Id)).Should().BeTrue();
    }

    [Fact]
    public async Task SetBasedUpdatesAndDeletes_AreRefusedByTheDatabase()
    {
        await using var db = app.CreateDbContext();
        var count = await db.AuditEvents.CountAsync();
        (await db.AuditEvents.CountAsync(e => e.Type == AuditEventTypes.CutoverPhaseApplied)).Should().BePositive("the cutover job recorded its runs at start");

        var update = () => db.AuditEvents.ExecuteUpdateAsync(s => s.SetProperty(e => e.Reason, "rewritten"));
        var delete = () => db.AuditEvents.Where(e => e.Type == AuditEventTypes.CutoverPhaseApplied).ExecuteDeleteAsync();
        var raw = () => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEvents\"");

        (await update.Should().ThrowAsync<SqliteException>()).Which.Message.Should().Contain("The audit log is append-only: audit events cannot be changed.");
        (await delete.Should().ThrowAsync<SqliteException>()).Which.Message.Should().Contain("audit events cannot be deleted");
        await raw.Should().ThrowAsync<SqliteException>();
        (await db.AuditEvents.CountAsync()).Should().Be(count);
        (await db.AuditEvents.AnyAsync(e => e.Reason == "rewritten")).Should().BeFalse();
    }

    [Fact]
    public async Task AddingEvents_StillWorks()
    {
        await app.WithScopeAsync(services => services.GetRequiredService<AuditLog>()
            .RecordAsync(new AuditEntry(AuditEventTypes.SignedOut) { Details = "Append-only test." }));

        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.Details == "Append-only test.")).Should().Be(1);
    }

    [Fact]
    public void SqlServerMigration_CreatesTheAppendOnlyTrigger()
    {
        using var db = new SqlServerPortalDbContext(DesignTimeModel.Options<SqlServerPortalDbContext>(o => o.UseSqlServer("Server=unused;Database=ConnecXPortal")));

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        // CREATE TRIGGER must start a batch: inside the idempotent script's IF … BEGIN it has to go through EXEC.
        script.Should().Contain("EXEC(N'CREATE TRIGGER [TR_AuditEvents_AppendOnly] ON [AuditEvents] INSTEAD OF UPDATE, DELETE AS")
            .And.Contain("THROW 51000, ''The audit log is append-only");
    }
}

/// <summary>Audit rows carry the client's address, also for actions taken in a live Blazor circuit (no HTTP request).</summary>
public sealed class AuditClientAddressTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task InACircuitsEvent_WithNoRequest_TheCircuitsAddressIsRecorded()
    {
        await CircuitClientAddress.RunAsync("203.0.113.42", () => app.WithScopeAsync(services => services.GetRequiredService<AuditLog>()
            .RecordAsync(new AuditEntry(AuditEventTypes.SessionEnded) { Details = "Circuit address test." })));

        await using var db = app.CreateDbContext();
        (await db.AuditEvents.SingleAsync(e => e.Details == "Circuit address test.")).IpAddress.Should().Be("203.0.113.42");
        CircuitClientAddress.Current.Should().BeNull("the address belongs to the circuit's event, not to whatever runs next");
    }

    [Fact]
    public async Task TheCircuitHandler_CapturesTheAddressOfTheRequestThatOpenedTheCircuit_ForEveryEvent()
    {
        var opening = new DefaultHttpContext();
        opening.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.7");
        var accessor = new HttpContextAccessor { HttpContext = opening };
        var handler = new ClientAddressCircuitHandler(accessor);
        accessor.HttpContext = null;
        string? seen = null;

        await handler.CreateInboundActivityHandler(_ =>
        {
            seen = CircuitClientAddress.Current;
            return Task.CompletedTask;
        })(null!);

        handler.Address.Should().Be("198.51.100.7");
        seen.Should().Be("198.51.100.7");
    }

    [Fact]
    public async Task AnHttpRequestsOwnAddress_IsRecorded()
    {
        using var client = app.CreatePortalClient();

        await client.SubmitPasswordAsync("nobody-at-all@example.com", "wrong password");

        await using var db = app.CreateDbContext();
        (await db.AuditEvents.SingleAsync(e => e.SubjectEmail == "nobody-at-all@example.com")).IpAddress.Should().Be("127.0.0.1");
    }
}
