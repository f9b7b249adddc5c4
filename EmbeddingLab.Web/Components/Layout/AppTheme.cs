using MudBlazor;

namespace EmbeddingLab.Web.Components.Layout;

/// <summary>One theme for the whole app, light and dark palettes of the same indigo accent.</summary>
public static class AppTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4338ca",
            Secondary = "#0f766e",
            Success = "#2e7d32", // MudBlazor's default green on white fails axe color-contrast ("Done in …" in job panels)
            AppbarBackground = "#312e81",
            Background = "#f7f7fb",
            DrawerBackground = "#ffffff",
            TextSecondary = "rgba(0,0,0,0.68)",
            Info = "#0b63b6", // MudBlazor's default info is too light for text on white (WCAG AA 4.5:1)
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#a5b4fc",
            PrimaryContrastText = "#1e1b4b", // white on the light dark-mode accent is unreadable (axe color-contrast)
            Secondary = "#5eead4",
            SecondaryContrastText = "#042f2e", // white on the light teal of a chosen 2-D / Vectors button fails color-contrast
            AppbarBackground = "#1e1b4b",
            Background = "#15151c",
            Surface = "#1f1f29",
            DrawerBackground = "#1a1a23",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
