using Platform.FaultTests.Infrastructure;

namespace Platform.FaultTests;

/// <summary>One platform (servers and hosts) for every scenario: starting it is most of the suite's time.</summary>
[CollectionDefinition(Name)]
public sealed class FaultPlatformGroup : ICollectionFixture<FaultPlatform>
{
    public const string Name = "Fault platform";
}
