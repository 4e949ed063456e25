using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Data;
using Platform.ServiceDefaults.Secrets;

namespace Platform.Gateway.Tests.Data;

public sealed class SqliteGatewayDbContextTests : IAsyncLifetime
{
    private const int SqliteConstraint = 19;
    private static readonly DateTimeOffset Created = new(2026, 11, 28, 9, 30, 15, 250, TimeSpan.Zero);
    private TemporaryGatewayStore _store = null!;

    public async Task InitializeAsync() => _store = await TemporaryGatewayStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Migrations_create_exactly_the_schema_the_model_expects()
    {
        await using var context = _store.Open();

        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync());
        Assert.False(context.Database.HasPendingModelChanges(), "The model changed without a SQLite migration.");
    }

    [Fact]
    public async Task Tenant_plan_key_usage_and_audit_entry_round_trip_through_a_fresh_file()
    {
        var revoked = new DateTimeOffset(2026, 11, 29, 18, 0, 0, 125, TimeSpan.FromHours(2));
        var generation = Guid.NewGuid();
        await using (var context = _store.Open())
        {
            context.Plans.Add(new Plan
            {
                Id = "pro", Name = "Pro", RequestsPerMinutePerKey = 60, TokensPerMinutePerTenant = 90_000,
                ConcurrentRequestsPerKey = 4, MonthlyTokenQuota = 5_000_000_000, AllowedModels = ["tiny-coder", "chat-small"],
                CreatedAt = Created,
            });
            context.Tenants.Add(new Tenant { Id = "acme", Name = "Acme", PlanId = "pro", CreatedAt = Created });
            context.ApiKeys.Add(new ApiKey
            {
                Id = "key_1", TenantId = "acme", Name = "ci", Prefix = "sk-plat-AbCdEfGh", Hash = new string('a', 64),
                Scopes = ["completions", "events"], CreatedAt = Created, RevokedAt = revoked,
            });
            context.UsageRecords.Add(new UsageRecord
            {
                GenerationId = generation, TenantId = "acme", ApiKeyId = "key_1", Model = "tiny-coder", Endpoint = "/v1/completions",
                PromptTokens = 12, CompletionTokens = 30, LatencyMs = 41.5, Outcome = "length", CompletedAt = Created,
            });
            context.AuditLog.Add(new AuditEntry { At = Created, Actor = "admin:0123456789ab", Action = "plan.create", Target = "plan:pro" });
            context.AuditLog.Add(new AuditEntry { At = Created, Actor = "admin:0123456789ab", Action = "tenant.create", Target = "tenant:acme", Detail = "plan=pro" });
            await context.SaveChangesAsync();
        }

        await using var fresh = _store.Open();
        var tenant = await fresh.Tenants.Include(t => t.Plan).Include(t => t.ApiKeys).SingleAsync();
        Assert.Equal(("acme", "Acme", Created), (tenant.Id, tenant.Name, tenant.CreatedAt));
        Assert.Equal((60, 90_000, 4, 5_000_000_000L), (tenant.Plan!.RequestsPerMinutePerKey, tenant.Plan.TokensPerMinutePerTenant,
            tenant.Plan.ConcurrentRequestsPerKey, tenant.Plan.MonthlyTokenQuota));
        Assert.Equal(["tiny-coder", "chat-small"], tenant.Plan.AllowedModels);
        var key = Assert.Single(tenant.ApiKeys);
        Assert.Equal(["completions", "events"], key.Scopes);
        Assert.Null(key.ExpiresAt);
        Assert.Equal(revoked, key.RevokedAt);
        Assert.Equal(TimeSpan.FromHours(2), key.RevokedAt!.Value.Offset);
        var usage = await fresh.UsageRecords.SingleAsync(u => u.GenerationId == generation);
        Assert.Equal(("key_1", 12, 30, 41.5, "length", Created), (usage.ApiKeyId, usage.PromptTokens, usage.CompletionTokens, usage.LatencyMs, usage.Outcome, usage.CompletedAt));
        var audit = await fresh.AuditLog.OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["plan.create", "tenant.create"], audit.Select(a => a.Action));
        Assert.True(audit[0].Id < audit[1].Id, "Audit ids must grow with insertion order: the audit API lists newest first by id.");
        Assert.Equal(new string?[] { null, "plan=pro" }, audit.Select(a => a.Detail));
    }

    [Fact]
    public async Task Issued_key_is_stored_as_its_public_prefix_and_keyed_hash_never_as_the_secret()
    {
        var hasher = new ApiKeyHasher(new FixedSecrets("test-pepper"), new ConfigurationBuilder().Build());
        await hasher.StartAsync(CancellationToken.None);
        await SeedTenantAsync("acme");
        IssuedApiKey issued;
        await using (var context = _store.Open())
        {
            issued = await new ApiKeyIssuer(hasher, TimeProvider.System).IssueAsync(context, "acme", "ci", null, null, CancellationToken.None);
            await context.SaveChangesAsync();
        }

        await using var fresh = _store.Open();
        var stored = await fresh.ApiKeys.AsNoTracking().SingleAsync(k => k.Prefix == ApiKeyFormat.PublicPrefix(issued.Secret));
        Assert.Equal(ApiKeyFormat.PublicPrefixLength, stored.Prefix.Length);
        Assert.True(ApiKeyHasher.Matches(stored.Hash, hasher.Hash(issued.Secret)));
        Assert.Equal(ApiKeyScopes.All, stored.Scopes);
        var row = await RowTextAsync("api_keys", stored.Id);
        Assert.DoesNotContain(issued.Secret[ApiKeyFormat.PublicPrefixLength..], row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_keys_cannot_share_a_prefix()
    {
        await SeedTenantAsync("acme");
        await using var context = _store.Open();
        context.ApiKeys.Add(Key("key_1", "sk-plat-SamePref"));
        await context.SaveChangesAsync();

        await using var other = _store.Open();
        other.ApiKeys.Add(Key("key_2", "sk-plat-SamePref"));
        AssertConstraintViolation(await Assert.ThrowsAsync<DbUpdateException>(() => other.SaveChangesAsync()));
    }

    [Fact]
    public async Task A_generation_id_is_stored_at_most_once()
    {
        var generation = Guid.NewGuid();
        await using var context = _store.Open();
        context.UsageRecords.Add(Usage(generation, tokens: 5));
        await context.SaveChangesAsync();

        await using var other = _store.Open();
        other.UsageRecords.Add(Usage(generation, tokens: 7));
        AssertConstraintViolation(await Assert.ThrowsAsync<DbUpdateException>(() => other.SaveChangesAsync()));
        await using var fresh = _store.Open();
        Assert.Equal(5, (await fresh.UsageRecords.SingleAsync()).PromptTokens);
    }

    [Fact]
    public async Task A_tenant_on_a_plan_that_does_not_exist_is_refused()
    {
        await using var context = _store.Open();
        context.Tenants.Add(new Tenant { Id = "acme", Name = "Acme", PlanId = "missing", CreatedAt = Created });

        AssertConstraintViolation(await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync()));
    }

    [Fact]
    public async Task A_plan_in_use_cannot_be_deleted()
    {
        await SeedTenantAsync("acme");
        await using var context = _store.Open();
        context.Plans.Remove(await context.Plans.SingleAsync());

        AssertConstraintViolation(await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync()));
    }

    [Fact]
    public async Task Deleting_a_tenant_deletes_its_keys_in_the_database()
    {
        await SeedTenantAsync("acme");
        await SeedTenantAsync("globex");
        await using (var context = _store.Open())
        {
            context.ApiKeys.AddRange(Key("key_1", "sk-plat-AcmeKey1"), Key("key_2", "sk-plat-AcmeKey2"),
                new ApiKey { Id = "key_3", TenantId = "globex", Name = "k", Prefix = "sk-plat-GlobexK1", Hash = new string('b', 64) });
            await context.SaveChangesAsync();
        }

        // A context that never loaded the keys: only the schema's cascade can remove them.
        await using (var context = _store.Open())
        {
            context.Tenants.Remove(await context.Tenants.SingleAsync(t => t.Id == "acme"));
            await context.SaveChangesAsync();
        }

        await using var fresh = _store.Open();
        Assert.Equal(["key_3"], await fresh.ApiKeys.Select(k => k.Id).ToListAsync());
    }

    private async Task SeedTenantAsync(string tenantId)
    {
        await using var context = _store.Open();
        if (!await context.Plans.AnyAsync(p => p.Id == Plan.DefaultId))
        {
            context.Plans.Add(new Plan { Id = Plan.DefaultId, Name = "Default", CreatedAt = Created });
        }

        context.Tenants.Add(new Tenant { Id = tenantId, Name = tenantId, PlanId = Plan.DefaultId, CreatedAt = Created });
        await context.SaveChangesAsync();
    }

    private async Task<string> RowTextAsync(string table, string id)
    {
        await using var connection = new SqliteConnection(_store.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} WHERE Id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static ApiKey Key(string id, string prefix) =>
        new() { Id = id, TenantId = "acme", Name = id, Prefix = prefix, Hash = new string('a', 64), CreatedAt = Created };

    private static UsageRecord Usage(Guid generation, int tokens) => new()
    {
        GenerationId = generation, TenantId = "acme", Model = "tiny-coder", Endpoint = "/v1/completions",
        PromptTokens = tokens, CompletionTokens = tokens, Outcome = "stop", CompletedAt = Created,
    };

    private static void AssertConstraintViolation(DbUpdateException error) =>
        Assert.Equal(SqliteConstraint, Assert.IsType<SqliteException>(error.InnerException).SqliteErrorCode);

    private sealed class FixedSecrets(string pepper) : ISecretStore
    {
        public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult<string?>(pepper);
    }
}
