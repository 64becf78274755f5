using System.Globalization;
using System.Security.Claims;
using System.Text;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Hosting;

namespace ConnecXPortal.Web.Features.Manage.Dashboard;

/// <summary>The resident table as CSV, with the same search, filters and order the manager has on screen.</summary>
internal static class ResidentExportEndpoints
{
    public static IEndpointRouteBuilder MapResidentExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ManageRoutes.ExportPattern, async Task<IResult> (
            Guid buildingId,
            string? search,
            string? status,
            string? kind,
            string? sort,
            bool? desc,
            ClaimsPrincipal user,
            ManagedBuildings managedBuildings,
            EnrolmentDashboard dashboard,
            AuditLog audit,
            PortalTime time,
            CancellationToken cancellationToken) =>
        {
            if (!TryParse<AccountStatus>(status, out var statusFilter) || !TryParse<FactorKind>(kind, out var kindFilter)
                || !TryParse<ResidentSort>(sort, out var sortBy))
            {
                return TypedResults.Problem(
                    title: "The export's filters are not valid.",
                    detail: "status is Invited, ActivatedWithoutFactor or Enrolled; kind is AuthenticatorApp, Passkey or EmailCode; " +
                            "sort is Name, Email, Unit, Status, EnrolledAt, LastSignInAt or LastRemindedAt.",
                    statusCode: StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?> { ["code"] = "export-invalid-filter" });
            }

            var building = await managedBuildings.FindAsync(user, buildingId, "resident export", cancellationToken: cancellationToken);
            if (building is null)
            {
                return TypedResults.Problem(
                    title: "You can only export the residents of buildings you manage.",
                    detail: "This attempt has been recorded.",
                    statusCode: StatusCodes.Status403Forbidden,
                    extensions: new Dictionary<string, object?> { ["code"] = "building-not-managed" });
            }

            var query = new ResidentQuery(buildingId)
            {
                Search = search,
                Status = statusFilter,
                FactorKind = kindFilter,
                Sort = sortBy ?? ResidentSort.Name,
                Descending = desc == true,
            };
            var count = await dashboard.CountResidentsAsync(query, cancellationToken);
            await audit.RecordAsync(new AuditEntry(AuditEventTypes.ResidentsExported)
            {
                ActorId = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var actorId) ? actorId : null,
                ActorEmail = user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name,
                BuildingId = buildingId,
                Details = $"Exported {count} residents of {building.Name} as CSV ({Describe(query)}).",
            }, cancellationToken);

            var fileName = $"{Slug(building.Name)}-residents-{time.Now:yyyy-MM-dd}.csv";
            return TypedResults.Stream(async stream =>
            {
                await using var writer = new StreamWriter(stream, CsvWriter.Encoding, bufferSize: 16 * 1024);
                await writer.WriteAsync(CsvWriter.Line(
                    "First name", "Last name", "Email", "Unit", "Status", "Verification methods", "Enrolled", "Last signed in", "Last reminded"));
                await foreach (var row in dashboard.StreamResidentsAsync(query, cancellationToken))
                {
                    await writer.WriteAsync(CsvWriter.Line(
                        row.GivenName,
                        row.FamilyName,
                        row.Email,
                        row.Unit,
                        row.Status.DisplayName(),
                        string.Join("; ", row.FactorKinds.Select(k => k.DisplayName())),
                        Local(time, row.EnrolledAt),
                        Local(time, row.LastSignInAt),
                        Local(time, row.LastRemindedAt)));
                }
            }, "text/csv; charset=utf-8", fileName);
        }).RequireAuthorization(PortalPolicies.BuildingManager);

        return endpoints;
    }

    private static bool TryParse<TEnum>(string? value, out TEnum? parsed)
        where TEnum : struct, Enum
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (Enum.TryParse<TEnum>(value, ignoreCase: true, out var result) && Enum.IsDefined(result) && !int.TryParse(value, out _))
        {
            parsed = result;
            return true;
        }

        return false;
    }

    private static string Local(PortalTime time, DateTimeOffset? instant) =>
        instant is { } value ? time.ToLocal(value).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    private static string Describe(ResidentQuery query)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            parts.Add($"search \"{query.Search.Trim()}\"");
        }

        if (query.Status is { } status)
        {
            parts.Add($"status {status.DisplayName()}");
        }

        if (query.FactorKind is { } kind)
        {
            parts.Add($"method {kind.DisplayName()}");
        }

        return parts.Count == 0 ? "all residents" : string.Join(", ", parts);
    }

    private static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().Trim('-') is { Length: > 0 } s ? s : "building";
    }
}
