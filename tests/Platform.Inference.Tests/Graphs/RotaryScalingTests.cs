using Platform.Inference.Engine;
using Platform.Inference.Graphs;
using Platform.Inference.Runners;
using Platform.Inference.TinyModel;

namespace Platform.Inference.Tests.Graphs;

/// <summary>
/// RoPE scaling read from config.json: each variant's frequencies and cos/sin tables against <see cref="RopeReference"/>
/// (the published formulas, written apart from the production code), and the tiny model's standard and paged graphs with
/// each variant against the plain reference forward pass.
/// </summary>
[Collection(TinyModelGroup.Name)]
public sealed class RotaryScalingTests(TinyModelFixture model)
{
    public static TheoryData<string> Variants => ["default", "linear", "dynamic", "llama3", "yarn", "yarn-mscale"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Tables_of_each_scaling_match_the_published_formulas(string variant)
    {
        const int headSize = 16;
        var (scaling, reference) = Case(variant, headSize, 10000);
        var (cos, sin) = RotaryTables.Create(512, headSize, 10000f, scaling);
        var (halfCos, halfSin) = RotaryTables.Create(512, headSize, 10000f, scaling, halfWidth: true);
        var (plainCos, _) = RotaryTables.Create(512, headSize, 10000f);
        var differs = false;
        foreach (var p in (int[])[0, 1, 3, 4, 5, 11, 63, 64, 100, 511])
        {
            for (var i = 0; i < headSize / 2; i++)
            {
                var angle = p * reference.Frequency(i, p);
                Assert.Equal(Math.Cos(angle) * reference.Magnitude, cos[(p * headSize) + i], 1e-6);
                Assert.Equal(Math.Sin(angle) * reference.Magnitude, sin[(p * headSize) + i], 1e-6);
                Assert.Equal(cos[(p * headSize) + i], cos[(p * headSize) + i + (headSize / 2)]);
                Assert.Equal(cos[(p * headSize) + i], halfCos[(p * headSize / 2) + i]);
                Assert.Equal(sin[(p * headSize) + i], halfSin[(p * headSize / 2) + i]);
                differs |= Math.Abs(cos[(p * headSize) + i] - plainCos[(p * headSize) + i]) > 1e-3;
            }
        }

        Assert.Equal(variant != "default", differs);
    }

    [Theory]
    [InlineData("llama3")]
    [InlineData("yarn")]
    [InlineData("linear")]
    public void Inverse_frequencies_of_a_full_size_head_match_the_published_formulas(string variant)
    {
        // Llama 3.1's shape: head 128, θ 500,000, 8,192 trained positions scaled 8×.
        var (scaling, reference) = Case(variant, 128, 500000, original: 8192, factor: 8);
        var frequencies = RotaryTables.InverseFrequencies(128, 500000f, scaling);
        for (var i = 0; i < 64; i++)
        {
            Assert.Equal(1, frequencies[i] / reference.Frequency(i, 0), 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Tiny_model_graphs_with_scaling_match_the_reference_forward_pass(string variant)
    {
        int[] tokens = [5, 300, 17, 900, 42, 42, 1000, 256, 7, 64, 3, 99];
        var (scaling, rope) = Case(variant, TinyModelSpec.Default.HeadSize, TinyModelSpec.Default.RopeTheta);
        var arch = TinyModelSpec.Default.Architecture with { RopeScaling = scaling };
        var expected = new ReferenceDecoder(arch, model.Weights, rope).Forward(tokens);
        var plain = new ReferenceDecoder(TinyModelSpec.Default.Architecture, model.Weights).Forward(tokens);
        // The scaling must change the model's output, else matching the reference proves nothing about it.
        Assert.Equal(variant != "default", Math.Abs(expected[^1][0] - plain[^1][0]) + Math.Abs(expected[^1][1] - plain[^1][1]) > 1e-4);

        var directory = Path.Combine(Path.GetTempPath(), $"rope-{variant}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var standardPath = Path.Combine(directory, "model.onnx");
            var pagedPath = Path.Combine(directory, "model.paged.onnx");
            using (var file = File.Create(standardPath))
            {
                DecoderGraphBuilder.Write(arch, model.Weights, file);
            }

            using (var file = File.Create(pagedPath))
            {
                DecoderGraphBuilder.WritePaged(arch, model.Weights, file);
            }

            AssertStandardGraph(standardPath, tokens, expected);
            AssertPagedGraph(pagedPath, tokens, expected);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private void AssertStandardGraph(string path, int[] tokens, float[][] expected)
    {
        using var session = new DecoderSession(path, model.Config.Decoder, model.Config.VocabSize, intraOpThreads: 1);
        var past = session.CreateEmptyPast(1);
        try
        {
            using var output = session.Run(DecoderStepInput.Single(tokens, 0), past);
            for (var position = 0; position < tokens.Length; position++)
            {
                LogitAssert.Close(expected[position], output.Logits(0, position), 1e-4f, $"standard graph, position {position}");
            }
        }
        finally
        {
            foreach (var value in past)
            {
                value.Dispose();
            }
        }
    }

    /// <summary>The paged graph returns logits at every fed position when the row is a decode verifying drafts.</summary>
    private void AssertPagedGraph(string path, int[] tokens, float[][] expected)
    {
        const int blockSize = 16;
        using var runner = new PagedModelRunner(path, model.Config.Decoder, model.Config.VocabSize, 2 * blockSize, intraOpThreads: 1);
        var step = new ScheduledSequence("r", [.. tokens], 0, [0, 1], [.. Enumerable.Range(0, tokens.Length)], true, true, tokens.Length - 1);
        var logits = runner.Execute(new SchedulerOutput([step], [], [], blockSize));
        for (var position = 0; position < tokens.Length; position++)
        {
            LogitAssert.Close(expected[position], logits.Row(0, position), 1e-4f, $"paged graph, position {position}");
        }
    }

    private static (RopeScaling Production, RopeReference Reference) Case(
        string variant, int headSize, double theta, int original = 64, double factor = 4) => variant switch
        {
            "default" => (RopeScaling.None, new RopeReference("default", theta, headSize)),
            "linear" => (new RopeScaling(RopeScaling.Linear, factor), new RopeReference("linear", theta, headSize, factor)),
            // A short original context, so the 12-token test sequence already grows the base.
            "dynamic" => (new RopeScaling(RopeScaling.Dynamic, factor, 4), new RopeReference("dynamic", theta, headSize, factor, 4)),
            "llama3" => (new RopeScaling(RopeScaling.Llama3, factor, original, 1, 4),
                new RopeReference("llama3", theta, headSize, factor, original, 1, 4)),
            "yarn" => (new RopeScaling(RopeScaling.Yarn, factor, original),
                new RopeReference("yarn", theta, headSize, factor, original)),
            "yarn-mscale" => (new RopeScaling(RopeScaling.Yarn, factor, original, BetaFast: 16, BetaSlow: 2, Mscale: 0.707, MscaleAllDim: 1),
                new RopeReference("yarn", theta, headSize, factor, original, BetaFast: 16, BetaSlow: 2, Mscale: 0.707, MscaleAllDim: 1)),
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };
}
