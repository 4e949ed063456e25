using MassTransit;
using Platform.Contracts.Keys;

namespace Platform.Gateway.ApiKeys;

/// <summary>Runs on a temporary endpoint per gateway instance, so every replica hears every revocation.</summary>
internal sealed class ApiKeyRevokedConsumer(ApiKeyValidator validator) : IConsumer<ApiKeyRevoked>
{
    public Task Consume(ConsumeContext<ApiKeyRevoked> context)
    {
        validator.Revoke(context.Message.Prefix);
        return Task.CompletedTask;
    }
}
