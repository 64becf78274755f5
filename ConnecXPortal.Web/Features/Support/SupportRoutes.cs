using Microsoft.AspNetCore.WebUtilities;

namespace ConnecXPortal.Web.Features.Support;

public static class SupportRoutes
{
    /// <summary>The support console: search every user.</summary>
    public const string Users = "/support";

    public const string AuditLog = "/support/audit";

    public static string User(Guid userId) => $"/support/users/{userId}";

    /// <summary>The audit log filtered to events about <paramref name="subjectEmail"/>.</summary>
    public static string AuditLogAbout(string subjectEmail) => QueryHelpers.AddQueryString(AuditLog, "subject", subjectEmail);

    public static string UsersMatching(string term) => QueryHelpers.AddQueryString(Users, "q", term);
}
