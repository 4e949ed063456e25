namespace Platform.ModelWorker.Tests;

[CollectionDefinition(Name)]
public sealed class ModelFoldersGroup : ICollectionFixture<ModelFolders>
{
    public const string Name = "Model folders";
}
