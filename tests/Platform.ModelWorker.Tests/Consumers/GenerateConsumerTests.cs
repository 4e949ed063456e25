using Platform.Contracts.Generation;
using Platform.ModelWorker.Consumers;
using Platform.ModelWorker.Models;
using Platform.ServiceDefaults.Messaging;

namespace Platform.ModelWorker.Tests.Consumers;

[Collection(ModelFoldersGroup.Name)]
public sealed class GenerateConsumerTests(ModelFolders folders)
{
    private static readonly SamplingSettings Sampling = new()
    {
        MaxTokens = 7,
        Temperature = 0.8f,
        TopP = 0.9f,
        TopK = 40,
        RepetitionPenalty = 1.1f,
        PresencePenalty = 0.2f,
        FrequencyPenalty = 0.3f,
        Seed = 1234,
        Stop = ["\n\n", "def "],
        IgnoreEndOfSequence = true,
    };

    [Fact]
    public void The_request_carries_the_commands_sampling_settings_themselves()
    {
        var command = WorkerHarness.Command("def add(a, b):", Sampling);

        var request = GenerateConsumer.ToRequest(command);

        Assert.Same(command.Sampling, request.Sampling);
        Assert.Equal((command.Prompt, command.TenantId, ModelQueues.SchedulingPriority(GenerationPriority.Chat, 0), command.Deadline),
            (request.Prompt, request.CacheSalt, request.Priority, (DateTimeOffset?)request.Deadline));
    }

    [Fact]
    public void Completion_runs_ahead_of_chat_and_a_plans_boost_raises_a_request_within_its_class_only()
    {
        int Scheduling(GenerationPriority priority, int boost) =>
            GenerateConsumer.ToRequest(WorkerHarness.Command("x", Sampling) with { Priority = priority, PriorityBoost = boost }).Priority;

        // Lower runs first in the engine.
        Assert.True(Scheduling(GenerationPriority.Completion, 0) < Scheduling(GenerationPriority.Chat, 1));
        Assert.True(Scheduling(GenerationPriority.Chat, 1) < Scheduling(GenerationPriority.Chat, 0));
        Assert.True(Scheduling(GenerationPriority.Completion, 1) < Scheduling(GenerationPriority.Completion, 0));
        Assert.Equal(Scheduling(GenerationPriority.Chat, 1), Scheduling(GenerationPriority.Chat, 7)); // a boost is capped
        // The broker's order is the same: higher is delivered first, within x-max-priority.
        Assert.Equal(ModelQueues.MaxPriority, ModelQueues.MessagePriority(GenerationPriority.Completion, 1));
        Assert.True(ModelQueues.MessagePriority(GenerationPriority.Completion, 0) > ModelQueues.MessagePriority(GenerationPriority.Chat, 1));
    }

    [Fact]
    public async Task The_model_gets_the_sampling_settings_untouched_and_the_stream_ends_with_the_models_finish_reason()
    {
        var model = new RecordingTextGenerator();
        await using var worker = await WorkerHarness.StartAsync(model, folders.Paged);
        var command = WorkerHarness.Command("def add(a, b):", Sampling);

        await worker.ConsumeAsync(command);

        var received = Assert.Single(model.Requests).Sampling;
        // The bus copies collections: compare those by content, the rest as a record.
        Assert.Equal(Sampling with { Stop = received.Stop, StopTokenIds = received.StopTokenIds, LogitBias = received.LogitBias }, received);
        Assert.Equal(Sampling.Stop, received.Stop);
        Assert.Equal(Sampling.StopTokenIds, received.StopTokenIds);
        Assert.Equal(Sampling.LogitBias, received.LogitBias);
        var finished = Assert.Single(worker.Harness.Sent.Select<GenerationFinished>()).Context.Message;
        Assert.Equal((FinishReason.Length, 2, 3, 2), (finished.FinishReason, finished.DeltaCount, finished.PromptTokens, finished.CompletionTokens));
        var usage = Assert.Single(worker.Usage.Generations);
        Assert.Equal(("length", 3, 2), (usage.Outcome, usage.PromptTokens, usage.CompletionTokens));
    }

    [Fact]
    public async Task A_prompt_that_cannot_fit_the_context_is_rejected_with_context_length_exceeded()
    {
        var loader = new EngineTextGeneratorLoader(Microsoft.Extensions.Options.Options.Create(new ModelWorkerOptions()));
        await using var worker = await WorkerHarness.StartAsync(loader, folders.Paged);
        var command = WorkerHarness.Command(string.Concat(Enumerable.Repeat("x = compute(y) + 1; ", 200)), new SamplingSettings { MaxTokens = 16 });

        await worker.ConsumeAsync(command);

        var rejected = Assert.Single(worker.Harness.Sent.Select<GenerationRejected>()).Context.Message;
        Assert.Equal(GenerationRejectionCodes.ContextLengthExceeded, rejected.Code);
        Assert.Contains("512", rejected.Detail, StringComparison.Ordinal);
        Assert.Empty(worker.Harness.Sent.Select<GenerationFinished>());
        Assert.Equal(GenerationRejectionCodes.ContextLengthExceeded, Assert.Single(worker.Usage.Generations).Outcome);
    }

    [Fact]
    public async Task Each_run_of_a_redelivered_command_streams_under_an_attempt_of_its_own()
    {
        await using var worker = await WorkerHarness.StartAsync(new RecordingTextGenerator(), folders.Paged);
        var command = WorkerHarness.Command("def add(a, b):", Sampling);

        await worker.ConsumeAsync(command);
        await worker.Harness.Bus.Publish(command); // as RabbitMQ redelivers it after a worker died
        Assert.True(await worker.Harness.Sent.Any<GenerationFinished>(sent => sent.Context.Message.Attempt != Guid.Empty)
            && SpinWait.SpinUntil(() => worker.Harness.Sent.Select<GenerationFinished>().Count() == 2, TimeSpan.FromSeconds(10)));

        var finishes = worker.Harness.Sent.Select<GenerationFinished>().Select(sent => sent.Context.Message).ToList();
        Assert.Equal(2, finishes.Select(finished => finished.Attempt).Distinct().Count());
        var deltas = worker.Harness.Sent.Select<GenerationDelta>().Select(sent => sent.Context.Message).ToList();
        foreach (var finished in finishes)
        {
            Assert.Equal([0, 1], deltas.Where(delta => delta.Attempt == finished.Attempt).Select(delta => delta.Sequence).Order());
        }
    }

    [Fact]
    public async Task Usage_that_cannot_be_published_at_first_is_retried_and_the_command_is_not_faulted()
    {
        await using var worker = await WorkerHarness.StartAsync(new RecordingTextGenerator(), folders.Paged);
        worker.Usage.FailNext = 3;
        var command = WorkerHarness.Command("def add(a, b):", Sampling);

        await worker.ConsumeAsync(command);

        Assert.Equal(3, worker.Usage.Failures);
        Assert.Equal(command.GenerationId, Assert.Single(worker.Usage.Generations).GenerationId);
        Assert.Empty(worker.Harness.Published.Select<MassTransit.Fault<Generate>>());
    }

    [Fact]
    public async Task A_held_generation_is_renewed_to_its_gateway_until_released()
    {
        await using var worker = await WorkerHarness.StartAsync(new RecordingTextGenerator(), folders.Paged);
        var id = Guid.NewGuid();
        var attempt = Guid.NewGuid();

        using (worker.Leases.Hold(id, attempt, WorkerHarness.StreamAddress))
        {
            await worker.Leases.RenewAsync(CancellationToken.None);
        }

        await worker.Leases.RenewAsync(CancellationToken.None);
        var alive = Assert.Single(worker.Harness.Sent.Select<GenerationsAlive>()).Context.Message;
        Assert.Equal(new GenerationAttempt(id, attempt), Assert.Single(alive.Attempts));
    }
}
