using MudBlazor;

namespace Platform.AdminConsole.Components.Layout;

/// <summary>The console's palette: MudBlazor's default with darker text colours, for WCAG AA contrast.</summary>
internal static class ConsoleTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1a4f8b",
            Secondary = "#6a1b9a",
            AppbarBackground = "#1a4f8b",
            Success = "#2e7d32",
            Info = "#1565c0",
            Warning = "#b45309",
            Error = "#c62828",
            TextSecondary = "rgba(0,0,0,0.70)",
            ActionDefault = "rgba(0,0,0,0.70)",
            DrawerText = "rgba(0,0,0,0.87)",
            DrawerIcon = "rgba(0,0,0,0.70)",
        },
    };
}
