using MudBlazor;

namespace ConnecXPortal.Web.Components.Layout;

/// <summary>The connecX brand in MudBlazor terms; the same colours as wwwroot-assets/portal.css.</summary>
internal static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0A4D68",
            PrimaryContrastText = "#FFFFFF",
            Secondary = "#066A7A",
            SecondaryContrastText = "#FFFFFF",
            Tertiary = "#5A3E8C",
            AppbarBackground = "#0A4D68",
            AppbarText = "#FFFFFF",
            Background = "#F5F7FA",
            Surface = "#FFFFFF",
            DrawerBackground = "#FFFFFF",
            DrawerText = "#1B2430",
            TextPrimary = "#1B2430",
            TextSecondary = "#4A5568",
            Success = "#1E7B34",
            Warning = "#8A5300",
            Error = "#B3261E",
            Info = "#0B5CAD",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },

            // Sentence case, as every other label in the portal (and easier to read than capitals).
            Button = new ButtonTypography { TextTransform = "none" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
