using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;
using System.Numerics.Tensors;

namespace Platform.Retrieval.Embeddings;

/// <summary>
/// Sentence embeddings from a BERT-style encoder on ONNX Runtime: word pieces, the encoder, mean pooling over the
/// real tokens, L2 normalisation (so a dot product is the cosine). Texts go in batches of similar length to waste
/// little on padding.
/// </summary>
internal sealed class SentenceEncoder : IDisposable
{
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly EmbeddingOptions _options;
    private readonly bool _needsTokenTypes;
    private readonly string _output;

    public SentenceEncoder(IOptions<RetrievalOptions> options)
    {
        _options = options.Value.Embedding;
        var files = EncoderFiles.Load(_options.ModelDirectory);
        ModelName = files.Name;
        using var vocabulary = new MemoryStream(files.Vocabulary);
        _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = _options.LowerCase });
        using var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        sessionOptions.IntraOpNumThreads = _options.Threads > 0 ? _options.Threads : Environment.ProcessorCount;
        _session = new InferenceSession(files.Model, sessionOptions);
        _needsTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
        _output = _session.OutputMetadata.Keys.FirstOrDefault(name => name == "last_hidden_state") ?? _session.OutputMetadata.Keys.First();
        Dimensions = _session.OutputMetadata[_output].Dimensions[^1];
    }

    public string ModelName { get; }

    public int Dimensions { get; }

    public float[] Encode(string text) => EncodeBatch([text])[0];

    /// <summary>One normalised vector per text, in order.</summary>
    public float[][] EncodeBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var ids = new int[texts.Count][];
        for (var index = 0; index < texts.Count; index++)
        {
            ids[index] = [.. _tokenizer.EncodeToIds(texts[index], _options.MaxTokens, addSpecialTokens: true, out _, out _)];
        }

        var vectors = new float[texts.Count][];
        var order = Enumerable.Range(0, texts.Count).OrderBy(index => ids[index].Length).ToArray();
        for (var start = 0; start < order.Length; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested(); // a stopping host must not dispose the session under a run
            var batch = order.AsSpan(start, Math.Min(_options.BatchSize, order.Length - start)).ToArray();
            var encoded = Run(batch.Select(index => ids[index]).ToArray());
            for (var row = 0; row < batch.Length; row++)
            {
                vectors[batch[row]] = encoded[row];
            }
        }

        return vectors;
    }

    private float[][] Run(int[][] batch)
    {
        var length = batch.Max(ids => ids.Length);
        var inputIds = new DenseTensor<long>([batch.Length, length]);
        var mask = new DenseTensor<long>([batch.Length, length]);
        for (var row = 0; row < batch.Length; row++)
        {
            for (var column = 0; column < batch[row].Length; column++)
            {
                inputIds[row, column] = batch[row][column];
                mask[row, column] = 1;
            }
        }

        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("input_ids", inputIds),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
        };
        if (_needsTokenTypes)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>([batch.Length, length])));
        }

        using var results = _session.Run(inputs, [_output]);
        var hidden = results[0].AsTensor<float>().ToDenseTensor().Buffer.Span;
        var vectors = new float[batch.Length][];
        for (var row = 0; row < batch.Length; row++)
        {
            var vector = new float[Dimensions];
            for (var token = 0; token < batch[row].Length; token++)
            {
                TensorPrimitives.Add(vector, hidden.Slice(((row * length) + token) * Dimensions, Dimensions), vector);
            }

            var norm = TensorPrimitives.Norm(vector);
            if (norm > 0)
            {
                TensorPrimitives.Divide(vector, norm, vector);
            }

            vectors[row] = vector;
        }

        return vectors;
    }

    public void Dispose() => _session.Dispose();
}
