using System.Data.Common;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.EmailLinks;
using ConnecXPortal.Web.Features.Retention;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Tests.Integration.Retention;

/// <summary>Every delete the retention job sends finds its batch through an index: no statement reads a whole table.</summary>
public sealed class RetentionQueryPlanTests(RetentionAppFactory app) : IClassFixture<RetentionAppFactory>
{
    [Fact]
    public async Task EveryRetentionDelete_SeeksItsBatchInAnIndex()
    {
        var captured = new CapturingInterceptor();
        await using var db = new SqlitePortalDbContext(DesignTimeModel.Options<SqlitePortalDbContext>(o => o
            .UseSqlite($"Data Source={app.DatabasePath}").AddInterceptors(captured)));
        var audit = new AuditLog(db, app.Clock, new HttpContextAccessor());
        var runner = new RetentionRunner(db, new AuditRetention(db, audit), app.Clock,
            app.Services.GetRequiredService<IOptions<RetentionOptions>>(), app.Services.GetRequiredService<IOptions<RateLimitOptions>>(),
            NullLogger<RetentionRunner>.Instance);

        await runner.RunAsync();

        var deletes = captured.Commands.Where(c => c.Sql.StartsWith("DELETE FROM", StringComparison.Ordinal) && !c.Sql.Contains("AuditRetentionGrants", StringComparison.Ordinal)).ToList();
        deletes.Select(c => c.Sql.Split('"')[1]).Distinct().Should().BeEquivalentTo(
            "AppRefreshTokens", "UserSessions", "AccountLinks", "EmailCodeChallenges", "StepUpVerifications", "AppSignInTickets", "OutboxMessages", "ThrottleSlots", "AuditEvents");
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");
        await connection.OpenAsync();
        foreach (var (sql, parameters) in deletes.DistinctBy(c => c.Sql))
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var (name, value) in parameters)
            {
                explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(3));
                }
            }

            plan.FullScans().Should().BeEmpty($"{sql}\nhas the plan\n{string.Join('\n', plan)}");
        }
    }

    private sealed class CapturingInterceptor : DbCommandInterceptor
    {
        public List<(string Sql, List<(string Name, object? Value)> Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Commands.Add((command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))]));
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
