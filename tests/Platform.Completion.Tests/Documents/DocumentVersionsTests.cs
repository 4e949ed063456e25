using Microsoft.Extensions.Options;
using Platform.Completion.Documents;
using Platform.Completion.State;
using Platform.Contracts.Completions;
using Platform.Contracts.Generation;

namespace Platform.Completion.Tests.Documents;

public sealed class DocumentVersionsTests
{
    private static readonly IOptions<CompletionOptions> Settings = Options.Create(new CompletionOptions { MaxDocumentCharacters = 2048 });

    private static CompleteCode Request(string tenant = "t1", string key = "k1") => new()
    {
        GenerationId = Guid.NewGuid(), TenantId = tenant, ApiKeyId = key, Model = "m", Prefix = "",
        Sampling = new SamplingSettings { MaxTokens = 4 }, StreamAddress = new Uri("queue:gateway"), Deadline = DateTimeOffset.MaxValue,
        AcceptedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task Edit_against_a_held_version_gives_the_edited_text_and_holds_it_in_turn()
    {
        using var store = new MemoryCompletionStateStore(Settings);
        var versions = new DocumentVersions(store, Settings);
        await versions.ResolveAsync(Request(), new DocumentSync { Id = "a.py", Text = "hello world", Cursor = 0 });

        var edited = await versions.ResolveAsync(Request(), new DocumentSync
        {
            Id = "a.py", BaseHash = DocumentVersions.Hash("hello world"), Edits = [new(0, 5, "goodbye"), new(7, 0, ",")], Cursor = 8,
        });
        var again = await versions.ResolveAsync(Request(), new DocumentSync
        {
            Id = "a.py", BaseHash = edited.Hash, Edits = [new(edited.Text!.Length, 0, "!")], Cursor = 0,
        });

        Assert.Equal("goodbye, world", edited.Text);
        Assert.Equal(DocumentVersions.Hash("goodbye, world"), edited.Hash);
        Assert.Equal("goodbye, world!", again.Text);
    }

    [Fact]
    public async Task Versions_belong_to_one_tenant_and_key_and_an_unknown_base_is_rejected_with_its_code()
    {
        using var store = new MemoryCompletionStateStore(Settings);
        var versions = new DocumentVersions(store, Settings);
        await versions.ResolveAsync(Request("t1"), new DocumentSync { Id = "a.py", Text = "secret", Cursor = 0 });
        var edit = new DocumentSync { Id = "a.py", BaseHash = DocumentVersions.Hash("secret"), Edits = [new(0, 0, "x")], Cursor = 0 };

        var otherTenant = await versions.ResolveAsync(Request("t2"), edit);
        var otherKey = await versions.ResolveAsync(Request("t1", "k2"), edit);

        Assert.Equal(GenerationRejectionCodes.DocumentBaseUnknown, otherTenant.RejectionCode);
        Assert.Equal(GenerationRejectionCodes.DocumentBaseUnknown, otherKey.RejectionCode);
        Assert.Null(otherTenant.Text);
    }

    [Theory]
    [InlineData(5, 0, 0)]
    [InlineData(0, 7, 0)]
    [InlineData(-1, 0, 0)]
    [InlineData(0, 0, 9)]
    public async Task Edit_that_does_not_fit_or_a_cursor_past_the_end_is_an_invalid_request(int offset, int delete, int cursor)
    {
        using var store = new MemoryCompletionStateStore(Settings);
        var versions = new DocumentVersions(store, Settings);
        await versions.ResolveAsync(Request(), new DocumentSync { Id = "a", Text = "abcd", Cursor = 0 });

        var resolved = await versions.ResolveAsync(Request(), new DocumentSync
        {
            Id = "a", BaseHash = DocumentVersions.Hash("abcd"), Edits = [new(offset, delete, "")], Cursor = cursor,
        });

        Assert.Equal(GenerationRejectionCodes.InvalidRequest, resolved.RejectionCode);
    }

    [Fact]
    public async Task Document_over_the_size_cap_is_refused()
    {
        using var store = new MemoryCompletionStateStore(Settings);

        var resolved = await new DocumentVersions(store, Settings).ResolveAsync(Request(), new DocumentSync { Id = "big", Text = new string('x', 4096), Cursor = 0 });

        Assert.Equal(GenerationRejectionCodes.DocumentTooLarge, resolved.RejectionCode);
    }
}
