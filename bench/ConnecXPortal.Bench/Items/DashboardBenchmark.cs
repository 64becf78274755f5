using System.Diagnostics;
using ConnecXPortal.Bench.Data;
using ConnecXPortal.Bench.Reporting;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Bench.Items;

/// <summary>
/// Item 4: with <see cref="BenchOptions.Residents"/> residents in <see cref="BenchOptions.Buildings"/> buildings,
/// how long a manager waits for their dashboard's figures and the first page of the resident table, and support
/// for a search. Each call gets its own service scope, as a page would; the calls go through
/// <see cref="DashboardQueries"/>, the one class that knows the portal's services for these.
/// </summary>
public static class DashboardBenchmark
{
    public const double TargetP95Ms = 100;
    private const int WarmupCalls = 10;

    public static async Task<BenchItem> RunAsync(BenchContext context)
    {
        var options = context.Options;
        await using var portal = await context.StartPortalAsync(context.DatabasePath("dashboard"));
        var hasher = portal.Services.GetRequiredService<IPasswordHasher<PortalUser>>();
        var seeding = Stopwatch.StartNew();
        var population = BenchSeeding.AddResidents(portal.DatabasePath, options.Residents, options.Buildings, hasher.HashPassword(new PortalUser(), BenchPeople.Password), DateTimeOffset.UtcNow);
        context.Progress($"seeded {population.Residents:N0} residents ({population.Activated:N0} activated, {population.WithFactor:N0} with a factor, {population.Sessions:N0} sessions) in {population.Buildings.Count} buildings with {population.Managers.Count} managers in {seeding.Elapsed.TotalSeconds:0.#} s");

        var queries = new DashboardQueries();
        var samples = options.DashboardSamples;
        var item = new BenchItem("dashboard", 4, "Dashboard");
        foreach (var (name, call) in new (string, Func<IServiceProvider, int, Task<int>>)[]
        {
            ("dashboard figures", (services, i) => queries.DashboardFiguresAsync(services, Manager(population, i), Building(population, i))),
            ("first page of the resident table", (services, i) => queries.FirstResidentPageAsync(services, Building(population, i))),
            ("support search", (services, i) => queries.SupportSearchAsync(services, population.SearchTerms[i % population.SearchTerms.Count])),
        })
        {
            var timings = new List<double>(samples);
            for (var i = -WarmupCalls; i < samples; i++)
            {
                var clock = Stopwatch.StartNew();
                await using (var scope = portal.Services.CreateAsyncScope())
                {
                    var rows = await call(scope.ServiceProvider, Math.Abs(i));
                    if (rows <= 0)
                    {
                        throw new InvalidOperationException($"{name} returned nothing for call {i}: the measurement would be of an empty answer.");
                    }
                }

                if (i >= 0)
                {
                    timings.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            item.Add($"{name} p50", Percentiles.Of(timings, 50), "ms");
            item.Add($"{name} p95", Percentiles.Of(timings, 95), "ms", Target.AtMost(TargetP95Ms));
            context.Progress($"{name}: p50 {Percentiles.Of(timings, 50):0.#} ms, p95 {Percentiles.Of(timings, 95):0.#} ms");
        }

        item.Notes.Add($"{population.Residents:N0} residents in {population.Buildings.Count} buildings (about {population.Residents / population.Buildings.Count} each), {population.Activated:N0} activated, {population.WithFactor:N0} with a factor, {population.Sessions:N0} sessions; {population.Managers.Count} managers of five buildings each.");
        item.Notes.Add($"{samples} timed calls per query after {WarmupCalls} untimed, one after another, each in its own service scope; managers and buildings rotate, searches rotate over {population.SearchTerms.Count} names and email beginnings.");
        item.Notes.Add(DashboardQueries.Describe);
        context.Report.Configured([$"Dashboard item: {DashboardQueries.Describe}"]);
        return item;
    }

    private static ManagerAccount Manager(ResidentsPopulation population, int i) => population.Managers[i % population.Managers.Count];

    private static Guid Building(ResidentsPopulation population, int i)
    {
        var manager = Manager(population, i);
        return manager.Buildings[(i / population.Managers.Count) % manager.Buildings.Count];
    }
}
