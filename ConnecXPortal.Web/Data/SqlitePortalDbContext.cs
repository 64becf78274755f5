using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ConnecXPortal.Web.Data;

/// <summary>The SQLite flavour of <see cref="PortalDbContext"/>; its migrations live in Data/Migrations/Sqlite.</summary>
public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        base.OnConfiguring(optionsBuilder);
        optionsBuilder.AddInterceptors(SqliteBusyTimeout.Instance);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date-time type: instants are stored as UTC ticks, so they compare and order correctly in SQL
        // whatever offset they were written with.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Names compare without regard to case, as SQL Server's default collation does; and only a NOCASE column lets
        // SQLite answer a LIKE 'prefix%' search from an index (support's search by name).
        builder.Entity<PortalUser>(user =>
        {
            user.Property(u => u.GivenName).UseCollation("NOCASE");
            user.Property(u => u.FamilyName).UseCollation("NOCASE");
        });
    }
}

/// <summary>Stores a <see cref="DateTimeOffset"/> as its UTC ticks; it reads back as UTC (the instant is unchanged).</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

/// <summary>Lets <c>dotnet ef</c> build the SQLite context without starting the portal.</summary>
internal sealed class SqlitePortalDbContextDesignFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args) =>
        new(DesignTimeModel.Options<SqlitePortalDbContext>(o => o.UseSqlite("Data Source=design-time.db")));
}
