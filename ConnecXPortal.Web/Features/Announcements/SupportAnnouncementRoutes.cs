namespace ConnecXPortal.Web.Features.Announcements;

public static class SupportAnnouncementRoutes
{
    public const string Page = "/support/announcements";
}
