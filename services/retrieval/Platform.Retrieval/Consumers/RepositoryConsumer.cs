using MassTransit;
using Platform.Contracts.Retrieval;
using Platform.Retrieval.Repositories;

namespace Platform.Retrieval.Consumers;

/// <summary>The repository requests the gateway sends; each is answered with its outcome message.</summary>
internal sealed class RepositoryConsumer(RepositoryService repositories)
    : IConsumer<RegisterRepository>, IConsumer<ListRepositories>, IConsumer<GetRepository>, IConsumer<DeleteRepository>,
      IConsumer<SyncRepository>, IConsumer<PushRepositoryFiles>
{
    public async Task Consume(ConsumeContext<RegisterRepository> context) =>
        await context.RespondAsync(await repositories.RegisterAsync(context.Message, context.CancellationToken));

    public async Task Consume(ConsumeContext<ListRepositories> context) =>
        await context.RespondAsync(await repositories.ListAsync(context.Message.TenantId, context.CancellationToken));

    public async Task Consume(ConsumeContext<GetRepository> context) =>
        await context.RespondAsync(await repositories.GetAsync(context.Message.TenantId, context.Message.RepositoryId, context.CancellationToken));

    public async Task Consume(ConsumeContext<DeleteRepository> context) =>
        await context.RespondAsync(await repositories.DeleteAsync(context.Message.TenantId, context.Message.RepositoryId, context.CancellationToken));

    public async Task Consume(ConsumeContext<SyncRepository> context) =>
        await context.RespondAsync(await repositories.SyncAsync(context.Message.TenantId, context.Message.RepositoryId, context.CancellationToken));

    public async Task Consume(ConsumeContext<PushRepositoryFiles> context) =>
        await context.RespondAsync(await repositories.PushAsync(context.Message, context.CancellationToken));
}
