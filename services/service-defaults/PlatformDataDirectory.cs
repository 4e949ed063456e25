using Microsoft.Extensions.Configuration;

namespace Platform.ServiceDefaults;

/// <summary>
/// Where a host keeps what must survive restarts (the embedded store, generated models):
/// <c>PLATFORM_DATA_DIR</c>, else <c>Platform:DataDirectory</c>, else the user's local application data folder.
/// </summary>
public static class PlatformDataDirectory
{
    public static string Resolve(IConfiguration configuration)
    {
        var configured = configuration["PLATFORM_DATA_DIR"] ?? configuration["Platform:DataDirectory"];
        var directory = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "platform")
            : Path.GetFullPath(configured);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
