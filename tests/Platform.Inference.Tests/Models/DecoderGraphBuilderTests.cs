using Platform.Inference.Models;
using Platform.Inference.Runtime;

namespace Platform.Inference.Tests.Models;

[Collection(TinyModelGroup.Name)]
public sealed class DecoderGraphBuilderTests(TinyModelFixture model)
{
    [Fact]
    public void Onnx_logits_match_an_independent_plain_forward_pass()
    {
        int[] tokens = [5, 300, 17, 900, 42, 42, 1000, 256];
        var reference = new ReferenceDecoder(DecoderArchitecture.From(TinyModelSpec.Default), model.Weights).Forward(tokens);

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
}
