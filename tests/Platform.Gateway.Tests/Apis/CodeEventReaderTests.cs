using System.Text.Json;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Apis;

namespace Platform.Gateway.Tests.Apis;

public sealed class CodeEventReaderTests
{
    private static readonly CallerIdentity Caller = new("tenant-1", "key-1", []);

    private static (Platform.Contracts.Completions.CodeCompletionEventRecorded? Event, Dictionary<string, string[]> Errors) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var recorded = CodeEventReader.Read(document.RootElement, Caller, DateTimeOffset.UnixEpoch, out var errors);
        return (recorded, errors);
    }

    [Fact]
    public void Partial_accept_carries_the_characters_kept_and_the_callers_tenant()
    {
        var (recorded, errors) = Read("""{"type":"select","completion_id":"cmpl-1","accepted_characters":4,"select_kind":"word","elapsed":1500}""");

        Assert.Empty(errors);
        Assert.NotNull(recorded);
        Assert.Equal(4, recorded.AcceptedCharacters);
        Assert.Equal("tenant-1", recorded.TenantId);
        Assert.Equal(TimeSpan.FromSeconds(1.5), recorded.Elapsed);
    }

    [Theory]
    [InlineData("""{"completion_id":"c"}""", "type")]
    [InlineData("""{"type":"accept","completion_id":"c"}""", "type")]
    [InlineData("""{"type":"view"}""", "completion_id")]
    [InlineData("""{"type":"view","completion_id":""}""", "completion_id")]
    [InlineData("""{"type":"view","completion_id":"c","accepted_characters":3}""", "accepted_characters")]
    [InlineData("""{"type":"select","completion_id":"c","accepted_characters":-3}""", "accepted_characters")]
    [InlineData("""{"type":"select","completion_id":"c","select_kind":"all"}""", "select_kind")]
    [InlineData("""{"type":"view","completion_id":"c","surprise":1}""", "surprise")]
    public void Invalid_event_is_reported_by_field(string json, string field)
    {
        var (recorded, errors) = Read(json);

        Assert.Null(recorded);
        Assert.Contains(field, errors.Keys);
    }
}
