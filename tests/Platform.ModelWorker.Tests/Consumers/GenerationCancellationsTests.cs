using Platform.ModelWorker.Consumers;

namespace Platform.ModelWorker.Tests.Consumers;

public sealed class GenerationCancellationsTests
{
    [Fact]
    public void A_cancel_for_a_running_generation_cancels_its_token()
    {
        var cancellations = new GenerationCancellations(TimeProvider.System);
        var id = Guid.NewGuid();
        using var source = cancellations.Begin(id, CancellationToken.None);

        cancellations.Cancel(id);

        Assert.True(source!.IsCancellationRequested);
        cancellations.End(id);
    }

    [Fact]
    public void A_cancel_that_arrives_first_drops_the_generation_when_it_begins()
    {
        var cancellations = new GenerationCancellations(TimeProvider.System);
        var id = Guid.NewGuid();

        cancellations.Cancel(id);

        Assert.Null(cancellations.Begin(id, CancellationToken.None));
        using var next = cancellations.Begin(Guid.NewGuid(), CancellationToken.None);
        Assert.NotNull(next);
    }
}
