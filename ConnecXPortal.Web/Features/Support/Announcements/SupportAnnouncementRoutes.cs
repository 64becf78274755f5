namespace ConnecXPortal.Web.Features.Support.Announcements;

public static class SupportAnnouncementRoutes
{
    public const string Page = "/support/announcements";
}
