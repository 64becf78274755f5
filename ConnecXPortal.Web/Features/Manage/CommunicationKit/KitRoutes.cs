namespace ConnecXPortal.Web.Features.Manage.CommunicationKit;

public static class KitRoutes
{
    /// <summary>The manager's buildings, each with its kit.</summary>
    public const string Index = "/manage/communication";

    public static string Kit(Guid buildingId) => $"/manage/buildings/{buildingId}/communication";

    public static string Notice(Guid buildingId) => $"/manage/buildings/{buildingId}/notice";
}
