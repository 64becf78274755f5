using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.People;

namespace ConnecXPortal.Web.Features.Manage.Dashboard;

/// <summary>What the resident table can be sorted by.</summary>
public enum ResidentSort
{
    Name = 0,
    Email = 1,
    Unit = 2,
    Status = 3,
    EnrolledAt = 4,
    LastSignInAt = 5,
    LastRemindedAt = 6,
}

/// <summary>One page of a building's residents: search, filters, order and page, all applied in the database.</summary>
public sealed record ResidentQuery(Guid BuildingId)
{
    public const int MaxPageSize = 100;

    /// <summary>Part of a resident's name, email or unit.</summary>
    public string? Search { get; init; }

    public AccountStatus? Status { get; init; }

    /// <summary>Only residents who have a factor of this kind.</summary>
    public FactorKind? FactorKind { get; init; }

    public ResidentSort Sort { get; init; } = ResidentSort.Name;

    public bool Descending { get; init; }

    /// <summary>Zero-based.</summary>
    public int Page { get; init; }

    public int PageSize { get; init; } = 25;
}

/// <summary>A resident as managers see them: who, where they stand, and when things happened. Never a secret.</summary>
public sealed record ResidentRow(
    Guid Id,
    string GivenName,
    string FamilyName,
    string Email,
    string? Unit,
    AccountStatus Status,
    bool HasAuthenticatorApp,
    bool HasPasskey,
    bool HasEmailCode,
    DateTimeOffset? EnrolledAt,
    DateTimeOffset? LastSignInAt,
    DateTimeOffset? LastRemindedAt)
{
    public string Name => $"{GivenName} {FamilyName}".Trim();

    public IReadOnlyList<FactorKind> FactorKinds =>
    [
        .. HasAuthenticatorApp ? [Domain.Factors.FactorKind.AuthenticatorApp] : Array.Empty<FactorKind>(),
        .. HasPasskey ? [Domain.Factors.FactorKind.Passkey] : Array.Empty<FactorKind>(),
        .. HasEmailCode ? [Domain.Factors.FactorKind.EmailCode] : Array.Empty<FactorKind>(),
    ];
}

public sealed record ResidentPage(IReadOnlyList<ResidentRow> Rows, int TotalCount);

/// <summary>A building's enrolment in numbers (one row of the managers' overview).</summary>
public sealed record BuildingSummary(Guid BuildingId, string Name, int Residents, int Activated, int Enrolled, int NotSignedInSinceCutover)
{
    /// <summary>Enrolled residents as a percentage of all residents, to one decimal place.</summary>
    public double PercentEnrolled => Residents == 0 ? 0 : Math.Round(100.0 * Enrolled / Residents, 1);
}

/// <summary>How many residents have a factor of <paramref name="Kind"/> (a resident with several kinds counts for each).</summary>
public sealed record FactorKindCount(FactorKind Kind, int Residents);

/// <summary>How many residents of a building enrolled on <paramref name="Day"/> (the portal's time zone).</summary>
public sealed record DailyEnrolments(DateOnly Day, int Enrolments);

/// <summary>Everything the dashboard shows about one building.</summary>
/// <param name="EnrolledBeforeCutover">Residents whose first factor was added before the cutover.</param>
public sealed record BuildingFigures(
    BuildingSummary Summary,
    IReadOnlyList<FactorKindCount> FactorMix,
    IReadOnlyList<DailyEnrolments> EnrolmentsPerDay,
    int EnrolledBeforeCutover,
    DateTimeOffset Cutover);
