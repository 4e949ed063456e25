using Microsoft.ML.OnnxRuntime;
using Platform.Inference.Graphs;
using Platform.Inference.Runners;
using Platform.Inference.TinyModel;

namespace Platform.Inference.Tests.Graphs;

[Collection(TinyModelGroup.Name)]
public sealed class DecoderGraphBuilderTests(TinyModelFixture model)
{
    [Fact]
    public void Onnx_logits_match_an_independent_plain_forward_pass()
    {
        int[] tokens = [5, 300, 17, 900, 42, 42, 1000, 256];
        var reference = new ReferenceDecoder(TinyModelSpec.Default.Architecture, model.Weights).Forward(tokens);

        var past = model.Runner.CreateEmptyPast(1);
        using var output = model.Runner.Run(DecoderStepInput.Single(tokens, 0), past);

        for (var position = 0; position < tokens.Length; position++)
        {
            LogitAssert.Close(reference[position], output.Logits(0, position), 1e-4f, $"position {position}");
        }
    }

    [Fact]
    public void Logits_are_not_flat()
    {
        var past = model.Runner.CreateEmptyPast(1);
        using var output = model.Runner.Run(DecoderStepInput.Single([1, 2, 3], 0), past);
        var logits = output.Logits(0, 2).ToArray();

        Assert.True(logits.Max() - logits.Min() > 1f, "A random model should still prefer some tokens clearly.");
    }

    [Fact]
    public void Graph_has_the_genai_decoder_inputs_and_outputs()
    {
        using var session = new InferenceSession(Path.Combine(model.Directory, ModelFiles.Decoder));

        Assert.Equal(
            ["input_ids", "attention_mask", "position_ids", "past_key_values.0.key", "past_key_values.0.value",
             "past_key_values.1.key", "past_key_values.1.value"],
            session.InputMetadata.Keys);
        Assert.Equal(
            ["logits", "present.0.key", "present.0.value", "present.1.key", "present.1.value"],
            session.OutputMetadata.Keys);
        Assert.Equal([-1, 2, -1, 16], session.InputMetadata["past_key_values.0.key"].Dimensions);
        Assert.Equal(["batch_size", "", "past_sequence_length", ""], session.InputMetadata["past_key_values.0.key"].SymbolicDimensions);
        Assert.Equal([-1, -1, 1024], session.OutputMetadata["logits"].Dimensions);
    }
}
