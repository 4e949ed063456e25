using System.Security.Claims;
using Platform.Gateway.Data;

namespace Platform.Gateway.Admin;

internal static class AdminAudit
{
    /// <summary>Adds an audit entry to the same unit of work as the change it describes.</summary>
    public static void Record(GatewayDbContext store, ClaimsPrincipal admin, TimeProvider time, string action, string target, string? detail = null) =>
        store.AuditLog.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = admin.Identity?.Name ?? "admin",
            Action = action,
            Target = target,
            Detail = detail,
        });
}
