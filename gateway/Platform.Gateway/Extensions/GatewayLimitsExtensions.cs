using Microsoft.Extensions.DependencyInjection;
using Platform.Gateway.Limits;

namespace Platform.Gateway.Extensions;

internal static class GatewayLimitsExtensions
{
    /// <summary>
    /// Plans, limits and quotas: counters in Redis when <paramref name="redis"/> (its connection registered beside
    /// them), else in this process. Needs the gateway store and <see cref="GatewayOptions"/>.
    /// </summary>
    public static IServiceCollection AddGatewayLimits(this IServiceCollection services, bool redis)
    {
        if (redis)
        {
            services.AddSingleton<ILimitStore, RedisLimitStore>();
        }
        else
        {
            services.AddSingleton<ILimitStore, InProcessLimitStore>();
        }

        services.AddSingleton<PlanCache>();
        services.AddSingleton<MonthlySpend>();
        services.AddHostedService(provider => provider.GetRequiredService<MonthlySpend>());
        services.AddSingleton<ModelBacklog>();
        services.AddSingleton<GenerationAdmission>();
        return services;
    }
}
