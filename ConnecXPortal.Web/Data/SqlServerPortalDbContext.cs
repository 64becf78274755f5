using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ConnecXPortal.Web.Data;

/// <summary>The SQL Server flavour of <see cref="PortalDbContext"/>; its migrations live in Data/Migrations/SqlServer.</summary>
public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options) : PortalDbContext(options);

/// <summary>Lets <c>dotnet ef</c> build the SQL Server context without a server or the portal.</summary>
internal sealed class SqlServerPortalDbContextDesignFactory : IDesignTimeDbContextFactory<SqlServerPortalDbContext>
{
    public SqlServerPortalDbContext CreateDbContext(string[] args) =>
        new(DesignTimeModel.Options<SqlServerPortalDbContext>(o =>
            o.UseSqlServer("Server=(design-time);Database=ConnecXPortal;Integrated Security=true;TrustServerCertificate=true")));
}
