using Microsoft.ML.OnnxRuntime;
using Platform.Inference.Runners;

namespace Platform.Inference.Tests.Runners;

[Collection(TinyModelGroup.Name)]
public sealed class DecoderSessionTests(TinyModelFixture model)
{
    private const float Tolerance = 1e-4f;

    [Fact]
    public void Incremental_decode_with_kv_cache_matches_full_recompute()
    {
        int[] tokens = [12, 400, 7, 7, 801, 33, 256, 99];
        var runner = model.Runner;
        var empty = runner.CreateEmptyPast(1);
        using var full = runner.Run(DecoderStepInput.Single(tokens, 0), empty);

        var step = runner.Run(DecoderStepInput.Single(tokens.AsSpan(0, 3), 0), empty);
        for (var position = 3; position < tokens.Length; position++)
        {
            var next = runner.Run(DecoderStepInput.Single(tokens.AsSpan(position, 1), position), step.Present);
            step.Dispose();
            step = next;
            LogitAssert.Close(full.Logits(0, position), step.Logits(0, 0), Tolerance, $"position {position}");
        }

        step.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Batched_decode_of_padded_sequences_matches_each_alone(bool leftPadding)
    {
        int[][] prompts = [[3, 70, 500], [9, 9, 640, 21, 800, 5]];
        int[] nextTokens = [44, 310];
        var runner = model.Runner;
        var empty = runner.CreateEmptyPast(1);

        var alone = new float[2][];
        var prefills = new DecoderStepOutput[2];
        for (var b = 0; b < 2; b++)
        {
            prefills[b] = runner.Run(DecoderStepInput.Single(prompts[b], 0), empty);
            using var decode = runner.Run(DecoderStepInput.Single([nextTokens[b]], prompts[b].Length), prefills[b].Present);
            alone[b] = decode.Logits(0, 0).ToArray();
        }

        var pastLength = prompts.Max(p => p.Length);
        var mask = new long[2 * (pastLength + 1)];
        for (var b = 0; b < 2; b++)
        {
            var offset = leftPadding ? pastLength - prompts[b].Length : 0;
            for (var slot = 0; slot < prompts[b].Length; slot++)
            {
                mask[(b * (pastLength + 1)) + offset + slot] = 1;
            }

            mask[(b * (pastLength + 1)) + pastLength] = 1;
        }

        var past = PadPast(prefills, prompts, pastLength, leftPadding);
        var input = new DecoderStepInput(2, 1, [nextTokens[0], nextTokens[1]], mask, [prompts[0].Length, prompts[1].Length]);
        using (var batched = runner.Run(input, past))
        {
            for (var b = 0; b < 2; b++)
            {
                LogitAssert.Close(alone[b], batched.Logits(b, 0), Tolerance, $"sequence {b}");
            }
        }

        foreach (var value in past)
        {
            value.Dispose();
        }

        foreach (var prefill in prefills)
        {
            prefill.Dispose();
        }
    }

    [Fact]
    public void Batched_prefill_of_left_padded_prompts_matches_each_alone()
    {
        int[][] prompts = [[3, 70], [9, 640, 21, 800]];
        var runner = model.Runner;
        var length = 4;
        var ids = new long[2 * length];
        var mask = new long[2 * length];
        var positions = new long[2 * length];
        for (var b = 0; b < 2; b++)
        {
            var offset = length - prompts[b].Length;
            for (var i = 0; i < prompts[b].Length; i++)
            {
                ids[(b * length) + offset + i] = prompts[b][i];
                mask[(b * length) + offset + i] = 1;
                positions[(b * length) + offset + i] = i;
            }
        }

        using var batched = runner.Run(new DecoderStepInput(2, length, ids, mask, positions), runner.CreateEmptyPast(2));
        for (var b = 0; b < 2; b++)
        {
            using var alone = runner.Run(DecoderStepInput.Single(prompts[b], 0), runner.CreateEmptyPast(1));
            LogitAssert.Close(alone.Logits(0, prompts[b].Length - 1), batched.Logits(b, length - 1), Tolerance, $"sequence {b}");
        }
    }

    /// <summary>Copies each sequence's present KV into a [2, kv_heads, pastLength, head_size] batch, padding with zeros.</summary>
    private static List<OrtValue> PadPast(DecoderStepOutput[] prefills, int[][] prompts, int pastLength, bool leftPadding)
    {
        var values = new List<OrtValue>();
        for (var index = 0; index < prefills[0].Present.Count; index++)
        {
            var shape = prefills[0].Present[index].GetTensorTypeAndShape().Shape;
            var (heads, headSize) = ((int)shape[1], (int)shape[3]);
            var padded = new float[2 * heads * pastLength * headSize];
            for (var b = 0; b < 2; b++)
            {
                var source = prefills[b].Present[index].GetTensorDataAsSpan<float>();
                var length = prompts[b].Length;
                var offset = leftPadding ? pastLength - length : 0;
                for (var head = 0; head < heads; head++)
                {
                    source.Slice(head * length * headSize, length * headSize).CopyTo(
                        padded.AsSpan((((b * heads) + head) * pastLength + offset) * headSize));
                }
            }

            values.Add(OrtValue.CreateTensorValueFromMemory(padded, [2, heads, pastLength, headSize]));
        }

        return values;
    }
}
