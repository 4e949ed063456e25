using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Platform.IntegrationTests.Distributed;

/// <summary>Bodies without a Content-Length (chunked uploads) are read piece by piece and held to the same limit.</summary>
[Collection(DistributedPlatformDefinition.Name)]
public sealed class RequestBodyTests(DistributedPlatform platform)
{
    [Fact]
    public async Task A_completion_uploaded_in_small_chunks_is_answered()
    {
        using var client = platform.CreateClient();
        var body = Encoding.UTF8.GetBytes("""{"prompt":"def add(a, b):","max_tokens":3,"temperature":0}""");

        using var response = await client.PostAsync("/v1/completions", Chunked(body, chunkSize: 7));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("text_completion", answer.RootElement.GetProperty("object").GetString());
    }

    [Fact]
    public async Task A_chunked_upload_over_the_limit_is_refused_with_413()
    {
        using var client = platform.CreateClient();
        var prompt = new string('x', 1_100_000);
        var body = Encoding.UTF8.GetBytes($$"""{"prompt":"{{prompt}}","max_tokens":3}""");

        using var response = await client.PostAsync("/v1/completions", Chunked(body, chunkSize: 64 * 1024));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static StreamContent Chunked(byte[] body, int chunkSize)
    {
        var content = new StreamContent(new TrickleStream(body, chunkSize));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content; // no length: HttpClient sends it chunked
    }

    /// <summary>A stream of unknown length that hands out at most a few bytes per read, pausing between reads.</summary>
    private sealed class TrickleStream(byte[] data, int chunkSize) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(1, cancellationToken);
            var count = Math.Min(Math.Min(chunkSize, buffer.Length), data.Length - _position);
            data.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
