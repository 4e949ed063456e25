using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Gateway.Admin;
using Platform.ServiceDefaults.Secrets;

namespace Platform.Gateway.Tests.Admin;

public sealed partial class AdminTokenInitializerTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"admin-token-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData("sk-plat-0123456789abcdef0123456789")]
    [InlineData("sk-admin-0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public async Task Configured_token_that_is_not_a_long_enough_admin_token_refuses_to_start(string secret)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(secret, embedded: true));

        Assert.Contains(AdminTokenInitializer.Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_token_is_the_one_that_matches_and_nothing_is_written()
    {
        const string secret = "sk-admin-0123456789abcdef";

        var tokens = await StartAsync(secret, embedded: true);

        Assert.True(tokens.Matches(secret));
        Assert.False(tokens.Matches(secret + "0"));
        Assert.False(Directory.Exists(Path.Combine(_dataDirectory, "secrets")));
    }

    [Fact]
    public async Task Distributed_gateway_without_a_token_keeps_the_admin_api_closed()
    {
        var tokens = await StartAsync(null, embedded: false);

        Assert.False(tokens.Configured);
        Assert.False(File.Exists(HashFile));
    }

    [Fact]
    public async Task Embedded_gateway_prints_its_generated_token_once_and_keeps_only_the_hash_across_restarts()
    {
        var first = await CapturingConsoleAsync(() => StartAsync(null, embedded: true));
        var second = await CapturingConsoleAsync(() => StartAsync(null, embedded: true));

        var token = Assert.Single(PrintedToken().Matches(first.Output)).Value;
        Assert.DoesNotMatch(PrintedToken(), second.Output);
        Assert.True(first.Tokens.Matches(token));
        Assert.True(second.Tokens.Matches(token));
        var kept = await File.ReadAllTextAsync(HashFile);
        Assert.Equal(Convert.ToHexStringLower(AdminTokens.Hash(token)), kept);
        Assert.DoesNotContain(token[AdminTokens.Prefix.Length..], kept, StringComparison.Ordinal);
    }

    private string HashFile => Path.Combine(_dataDirectory, "secrets", "admin-token.sha256");

    private async Task<AdminTokens> StartAsync(string? secret, bool embedded)
    {
        var settings = new Dictionary<string, string?> { ["PLATFORM_DATA_DIR"] = _dataDirectory };
        if (!embedded)
        {
            settings["ConnectionStrings:postgres"] = "Host=db;Database=platform";
        }

        var tokens = new AdminTokens();
        var initializer = new AdminTokenInitializer(new FixedSecrets(secret), new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
            tokens, NullLogger<AdminTokenInitializer>.Instance);
        await initializer.StartAsync(CancellationToken.None);
        return tokens;
    }

    private static async Task<(AdminTokens Tokens, string Output)> CapturingConsoleAsync(Func<Task<AdminTokens>> start)
    {
        var original = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            return (await start(), output.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    [GeneratedRegex(@"sk-admin-[A-Za-z0-9_-]{43}")]
    private static partial Regex PrintedToken();

    private sealed class FixedSecrets(string? value) : ISecretStore
    {
        public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(value);
    }
}
