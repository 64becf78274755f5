using ConnecXPortal.Web.Data.Seeding;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Data;

internal static class DataRegistration
{
    public const string ConnectionStringName = "Portal";

    public static IHostApplicationBuilder AddPortalData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new();
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } configured
            && !string.IsNullOrWhiteSpace(configured) ? configured : null;

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                connectionString ??= DefaultSqliteConnectionString(builder.Environment, options);
                builder.Services.AddDbContextFactory<SqlitePortalDbContext>(db => db.UseSqlite(connectionString));
                builder.Services.AddSingleton<IDbContextFactory<PortalDbContext>, PortalDbContextFactory<SqlitePortalDbContext>>();
                break;
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        $"Database:Provider is SqlServer but ConnectionStrings:{ConnectionStringName} is not set. " +
                        "Set it in configuration (for example the environment variable ConnectionStrings__Portal).");
                }

                builder.Services.AddDbContextFactory<SqlServerPortalDbContext>(db =>
                    db.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure()));
                builder.Services.AddSingleton<IDbContextFactory<PortalDbContext>, PortalDbContextFactory<SqlServerPortalDbContext>>();
                break;
            default:
                throw new InvalidOperationException(
                    $"Database:Provider '{options.Provider}' is not supported; use Sqlite or SqlServer.");
        }

        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());

        // Keys in the database: a restart or a second instance keeps everyone's cookies and tokens valid.
        builder.Services.AddDataProtection()
            .SetApplicationName("connecX Portal")
            .PersistKeysToDbContext<PortalDbContext>();

        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddOptions<DemoDataOptions>().BindConfiguration(DemoDataOptions.SectionName);
        builder.Services.AddScoped<DemoDataSeeder>();
        return builder;
    }

    private static string DefaultSqliteConnectionString(IHostEnvironment environment, DatabaseOptions options)
    {
        var directory = Path.GetFullPath(options.DataDirectory, environment.ContentRootPath);
        Directory.CreateDirectory(directory);
        return $"Data Source={Path.Combine(directory, "connecx-portal.db")}";
    }
}
