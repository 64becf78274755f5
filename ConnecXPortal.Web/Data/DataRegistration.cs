using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("connecX Portal")
            .PersistKeysToDbContext<PortalDbContext>();
        if (KeyEncryptionCertificate(builder.Configuration) is { } certificate)
        {
            // Encrypted at rest: a copy of the database (a backup, a restored test environment) cannot forge cookies.
            dataProtection.ProtectKeysWithCertificate(certificate);
        }
        else if (builder.Environment.IsProduction() && !builder.Configuration.GetValue<bool>("DataProtection:AllowUnencryptedKeys"))
        {
            throw new InvalidOperationException(
                "DataProtection:CertificatePath is required in Production: without it the Data Protection keys are stored " +
                "unencrypted in the database, and a copy of the database can forge sign-in cookies. Set it (and " +
                "DataProtection:CertificatePassword), or set DataProtection:AllowUnencryptedKeys=true to accept that risk.");
        }

        builder.Services.AddHostedService<DatabaseInitializer>();
        var isProduction = builder.Environment.IsProduction();
        builder.Services.AddOptions<DemoDataOptions>()
            .BindConfiguration(DemoDataOptions.SectionName)
            .Validate(o => !isProduction || !o.Enabled,
                "DemoData:Enabled must be false in Production: the demo accounts share a published password and TOTP key.")
            .ValidateOnStart();
        builder.Services.AddScoped<DemoDataSeeder>();
        return builder;
    }

    /// <summary>
    /// The certificate that encrypts the Data Protection keys stored in the database (<c>DataProtection:CertificatePath</c>,
    /// a PFX file, and <c>DataProtection:CertificatePassword</c>); null when none is configured.
    /// </summary>
    internal static X509Certificate2? KeyEncryptionCertificate(IConfiguration configuration)
    {
        var path = configuration["DataProtection:CertificatePath"];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"]);
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException($"DataProtection:CertificatePath '{path}' has no private key; the portal needs it to read its keys.");
            }

            return certificate;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"DataProtection:CertificatePath '{path}' could not be read as a PFX file with DataProtection:CertificatePassword: {e.Message}", e);
        }
    }

    private static string DefaultSqliteConnectionString(IHostEnvironment environment, DatabaseOptions options)
    {
        var directory = Path.GetFullPath(options.DataDirectory, environment.ContentRootPath);
        Directory.CreateDirectory(directory);
        return $"Data Source={Path.Combine(directory, "connecx-portal.db")}";
    }
}
