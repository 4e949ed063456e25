using System.Numerics.Tensors;
using Microsoft.Extensions.Options;
using Platform.Retrieval.Embeddings;

namespace Platform.Retrieval.Tests.Embeddings;

public sealed class SentenceEncoderTests
{
    [Fact]
    public void A_text_batched_with_longer_ones_embeds_as_it_does_alone()
    {
        using var encoder = new SentenceEncoder(Options.Create(new RetrievalOptions { Embedding = { BatchSize = 3 } }));
        string[] texts =
        [
            "parse the configuration file and return its sections as a dictionary of options",
            "sales tax",
            "open a connection to the database server, retrying with exponential backoff until the deadline passes",
            "normalize a customer's name",
        ];

        var batched = encoder.EncodeBatch(texts);

        for (var index = 0; index < texts.Length; index++)
        {
            var alone = encoder.Encode(texts[index]);
            Assert.Equal(encoder.Dimensions, batched[index].Length);
            Assert.True(TensorPrimitives.Dot(alone, batched[index]) > 0.9999f, $"text {index} changed when padded in a batch");
        }

        // The padding is masked out, not embedded: a short text is not pulled towards the long ones it was batched with.
        Assert.True(TensorPrimitives.Dot(batched[1], encoder.Encode("tax on a sale")) > TensorPrimitives.Dot(batched[1], batched[2]));
    }

    [Fact]
    public void A_capped_query_embeds_only_its_first_word_pieces()
    {
        using var encoder = new SentenceEncoder(Options.Create(new RetrievalOptions()));
        var head = "compute the sales tax of an order";
        var capped = encoder.Encode(head + " and then write every line of the invoice to the audit log with its timestamp", maxTokens: 9);
        Assert.True(TensorPrimitives.Dot(capped, encoder.Encode(head)) > 0.9999f);
    }
}
