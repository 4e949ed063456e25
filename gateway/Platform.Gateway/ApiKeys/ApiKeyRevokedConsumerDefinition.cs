using MassTransit;

namespace Platform.Gateway.ApiKeys;

/// <summary>A temporary endpoint per gateway instance, so every replica hears every revocation.</summary>
internal sealed class ApiKeyRevokedConsumerDefinition : ConsumerDefinition<ApiKeyRevokedConsumer>
{
    public ApiKeyRevokedConsumerDefinition() => Endpoint(endpoint =>
    {
        endpoint.InstanceId = Guid.NewGuid().ToString("N")[..12];
        endpoint.Temporary = true;
    });
}
