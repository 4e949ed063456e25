using Platform.Contracts.Completions;
using Platform.Contracts.Generation;
using Platform.Prompting;

namespace Platform.Completion.Tests.Prompts;

public sealed class PromptForwardingTests
{
    [Fact]
    public void The_generate_carries_the_kind_and_the_plans_priority_boost_of_its_request()
    {
        var request = new CompleteCode
        {
            GenerationId = Guid.NewGuid(),
            TenantId = "acme",
            Model = "tiny-coder",
            Prefix = "def f(",
            Sampling = new SamplingSettings { MaxTokens = 8 },
            StreamAddress = new Uri("queue:gateway"),
            Deadline = DateTimeOffset.UnixEpoch.AddMinutes(1),
            AcceptedAt = DateTimeOffset.UnixEpoch,
            PriorityBoost = 1,
        };

        var generate = PromptForwarding.Generate(request, "<fim>def f(", ["\n\n"], GenerationPriority.Completion);

        Assert.Equal((GenerationPriority.Completion, 1), (generate.Priority, generate.PriorityBoost));
        Assert.Equal(["\n\n"], generate.Sampling.Stop);
    }
}
