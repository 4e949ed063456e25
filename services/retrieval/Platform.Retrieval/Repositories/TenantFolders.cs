using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults;

namespace Platform.Retrieval.Repositories;

/// <summary>
/// Where each tenant's data lives: <c>&lt;retrieval dir&gt;/tenants/&lt;tenant key&gt;/</c> with the index, the catalog,
/// git mirrors and the push journal. The folder name is a hash of the tenant id, so no id can name a path.
/// </summary>
internal sealed class TenantFolders
{
    public TenantFolders(IOptions<RetrievalOptions> options, IConfiguration configuration)
    {
        Root = string.IsNullOrWhiteSpace(options.Value.DataDirectory)
            ? Path.Combine(PlatformDataDirectory.Resolve(configuration), "retrieval")
            : Path.GetFullPath(options.Value.DataDirectory);
        Directory.CreateDirectory(Path.Combine(Root, "tenants"));
    }

    public string Root { get; }

    public string Tenant(string tenantId)
    {
        var folder = Path.Combine(Root, "tenants", Key(tenantId));
        Directory.CreateDirectory(folder);
        var owner = Path.Combine(folder, "tenant.txt");
        if (!File.Exists(owner))
        {
            File.WriteAllText(owner, tenantId); // so that a resume after restart knows whose folder this is
        }

        return folder;
    }

    public string Index(string tenantId) => Path.Combine(Tenant(tenantId), "index");

    public string Mirror(string tenantId, string repositoryId) => Path.Combine(Tenant(tenantId), "mirrors", repositoryId);

    public string Journal(string tenantId, string repositoryId) => Path.Combine(Tenant(tenantId), "journal", repositoryId);

    /// <summary>Every tenant that has a folder here.</summary>
    public IEnumerable<string> Tenants() =>
        Directory.EnumerateDirectories(Path.Combine(Root, "tenants"))
            .Select(folder => Path.Combine(folder, "tenant.txt"))
            .Where(File.Exists)
            .Select(File.ReadAllText);

    private static string Key(string tenantId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId)))[..24];
}
