using Microsoft.EntityFrameworkCore;

namespace Platform.Gateway.Data;

/// <summary>
/// Tenants, plans, keys, usage and the audit log. One model, two providers: <see cref="PostgresGatewayDbContext"/>
/// (distributed) and <see cref="SqliteGatewayDbContext"/> (embedded), each with its own migrations.
/// </summary>
public abstract class GatewayDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<UsageRecord> UsageRecords => Set<UsageRecord>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<CompletionEventRecord> CompletionEvents => Set<CompletionEventRecord>();

    /// <summary>Held while migrating, where several processes may migrate one database at once; null where none can.</summary>
    internal virtual Task<IAsyncDisposable?> LockMigrationsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(null);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Plan>(plan =>
        {
            plan.ToTable("plans");
            plan.HasKey(p => p.Id);
            plan.Property(p => p.Id).HasMaxLength(64);
            plan.Property(p => p.Name).HasMaxLength(200);
            plan.PrimitiveCollection(p => p.AllowedModels);
            plan.Property(p => p.LimitFailureMode).HasConversion<string>().HasMaxLength(16);
        });
        modelBuilder.Entity<Tenant>(tenant =>
        {
            tenant.ToTable("tenants");
            tenant.HasKey(t => t.Id);
            tenant.Property(t => t.Id).HasMaxLength(64);
            tenant.Property(t => t.Name).HasMaxLength(200);
            tenant.Property(t => t.PlanId).HasMaxLength(64);
            tenant.HasOne(t => t.Plan).WithMany().HasForeignKey(t => t.PlanId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<ApiKey>(key =>
        {
            key.ToTable("api_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(64);
            key.Property(k => k.TenantId).HasMaxLength(64);
            key.Property(k => k.Name).HasMaxLength(200);
            key.Property(k => k.Prefix).HasMaxLength(32);
            key.Property(k => k.Hash).HasMaxLength(64);
            key.PrimitiveCollection(k => k.Scopes);
            key.HasIndex(k => k.Prefix).IsUnique();
            key.HasOne(k => k.Tenant).WithMany(t => t.ApiKeys).HasForeignKey(k => k.TenantId);
        });
        modelBuilder.Entity<UsageRecord>(usage =>
        {
            usage.ToTable("usage_records");
            usage.HasKey(u => u.GenerationId);
            usage.Property(u => u.TenantId).HasMaxLength(64);
            usage.Property(u => u.ApiKeyId).HasMaxLength(64);
            usage.Property(u => u.Model).HasMaxLength(200);
            usage.Property(u => u.Endpoint).HasMaxLength(100);
            usage.Property(u => u.Outcome).HasMaxLength(64);
            usage.HasIndex(u => new { u.TenantId, u.CompletedAt });
        });
        modelBuilder.Entity<AuditEntry>(audit =>
        {
            audit.ToTable("audit_log");
            audit.HasKey(a => a.Id);
            audit.Property(a => a.Actor).HasMaxLength(200);
            audit.Property(a => a.Action).HasMaxLength(100);
            audit.Property(a => a.Target).HasMaxLength(200);
            audit.Property(a => a.Detail).HasMaxLength(4000);
            audit.HasIndex(a => a.At);
        });
        modelBuilder.Entity<CompletionEventRecord>(recorded =>
        {
            recorded.ToTable("completion_events");
            recorded.HasKey(e => e.Id);
            recorded.Property(e => e.TenantId).HasMaxLength(64);
            recorded.Property(e => e.ApiKeyId).HasMaxLength(64);
            recorded.Property(e => e.CompletionId).HasMaxLength(100);
            recorded.Property(e => e.Kind).HasMaxLength(16);
            recorded.Property(e => e.Language).HasMaxLength(64);
            recorded.HasIndex(e => e.OccurredAt);
            recorded.HasIndex(e => new { e.TenantId, e.OccurredAt });
        });
    }
}
