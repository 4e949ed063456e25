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
            Success = "#1b5e20",
            Info = "#0d47a1",
            Warning = "#8a4b00",
            Error = "#b71c1c",
            TextSecondary = "rgba(0,0,0,0.70)",
            ActionDefault = "rgba(0,0,0,0.70)",
            DrawerText = "rgba(0,0,0,0.87)",
            TextDisabled = "rgba(0,0,0,0.60)",
            DrawerIcon = "rgba(0,0,0,0.70)",
        },
    };
}
