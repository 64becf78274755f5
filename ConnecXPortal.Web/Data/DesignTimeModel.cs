using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Data;

/// <summary>
/// Identity reads its schema version (3: passkeys) from <see cref="IdentityOptions"/> in the application's services.
/// Contexts built outside the portal (dotnet ef, migration checks in tests) get those services from here, so they
/// build the same model as the running portal.
/// </summary>
public static class DesignTimeModel
{
    private static readonly IServiceProvider IdentityServices = new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
        .BuildServiceProvider();

    public static DbContextOptions<TContext> Options<TContext>(Action<DbContextOptionsBuilder<TContext>> provider)
        where TContext : PortalDbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>().UseApplicationServiceProvider(IdentityServices);
        provider(builder);
        return builder.Options;
    }
}
