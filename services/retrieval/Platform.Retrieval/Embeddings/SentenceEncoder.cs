using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;
using System.Numerics.Tensors;

namespace Platform.Retrieval.Embeddings;

/// <summary>
/// Sentence embeddings from a BERT-style encoder on ONNX Runtime: word pieces, the encoder, mean pooling over the
/// real tokens, L2 normalisation (so a dot product is the cosine). Texts are tokenised once, sorted by length and run
/// in batches padded only to the batch's longest text, so short texts never pay for long ones.
/// </summary>
internal sealed class SentenceEncoder : IDisposable
{
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly EmbeddingOptions _options;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public SentenceEncoder(IOptions<RetrievalOptions> options)
    {
        _options = options.Value.Embedding;
        var files = EncoderFiles.Load(_options.ModelDirectory);
        ModelName = files.Name;
        using var vocabulary = new MemoryStream(files.Vocabulary);
        _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = _options.LowerCase });
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL, // one graph path; the threads go to the matrix products
            IntraOpNumThreads = _options.Threads > 0 ? _options.Threads : Environment.ProcessorCount,
            InterOpNumThreads = 1,
        };
        _session = new InferenceSession(files.Model, sessionOptions);
        _inputNames = _session.InputMetadata.ContainsKey("token_type_ids")
            ? ["input_ids", "attention_mask", "token_type_ids"] : ["input_ids", "attention_mask"];
        _outputNames = [_session.OutputMetadata.Keys.FirstOrDefault(name => name == "last_hidden_state") ?? _session.OutputMetadata.Keys.First()];
        Dimensions = _session.OutputMetadata[_outputNames[0]].Dimensions[^1];
    }

    public string ModelName { get; }

    public int Dimensions { get; }

    public float[] Encode(string text) => EncodeBatch([text])[0];

    /// <summary>One text's vector from at most <paramref name="maxTokens"/> word pieces (a latency-bound query).</summary>
    public float[] Encode(string text, int maxTokens) => Run([Tokenise(text, maxTokens)])[0];

    /// <summary>One normalised vector per text, in order.</summary>
    public float[][] EncodeBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var ids = new int[texts.Count][];
        for (var index = 0; index < texts.Count; index++)
        {
            ids[index] = Tokenise(texts[index], _options.MaxTokens);
        }

        var vectors = new float[texts.Count][];
        var order = Enumerable.Range(0, texts.Count).OrderBy(index => ids[index].Length).ToArray();
        for (var start = 0; start < order.Length; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested(); // a stopping host must not dispose the session under a run
            var batch = order.AsSpan(start, Math.Min(_options.BatchSize, order.Length - start)).ToArray();
            var encoded = Run([.. batch.Select(index => ids[index])]);
            for (var row = 0; row < batch.Length; row++)
            {
                vectors[batch[row]] = encoded[row];
            }
        }

        return vectors;
    }

    /// <summary>Word-piece ids with [CLS] and [SEP], at most <paramref name="maxTokens"/> in all.</summary>
    public int[] Tokenise(string text, int maxTokens) =>
        [.. _tokenizer.EncodeToIds(text, Math.Max(2, maxTokens), addSpecialTokens: true, out _, out _)];

    private float[][] Run(int[][] batch)
    {
        var length = batch.Max(ids => ids.Length);
        var size = batch.Length * length;
        var inputIds = new long[size];
        var mask = new long[size];
        for (var row = 0; row < batch.Length; row++)
        {
            var ids = batch[row];
            for (var column = 0; column < ids.Length; column++)
            {
                inputIds[(row * length) + column] = ids[column];
                mask[(row * length) + column] = 1;
            }
        }

        long[] shape = [batch.Length, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = _inputNames.Length > 2 ? OrtValue.CreateTensorValueFromMemory(new long[size], shape) : null;
        OrtValue[] inputs = typesValue is null ? [idsValue, maskValue] : [idsValue, maskValue, typesValue];
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, _inputNames, inputs, _outputNames);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
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
