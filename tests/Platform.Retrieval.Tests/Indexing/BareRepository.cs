using LibGit2Sharp;

namespace Platform.Retrieval.Tests.Indexing;

/// <summary>A bare git repository the test writes commits into directly (no working tree), served as a file:// remote.</summary>
internal sealed class BareRepository(string path)
{
    public string Url => new Uri(path).AbsoluteUri;

    public static BareRepository Create(string path)
    {
        Repository.Init(path, isBare: true);
        return new BareRepository(path);
    }

    /// <summary>Commits the given files on top of the branch head: text sets a file, null deletes it.</summary>
    public string Commit(IReadOnlyDictionary<string, string?> files, string message = "change")
    {
        using var git = new Repository(path);
        var parent = git.Branches["main"]?.Tip;
        var tree = parent is null ? new TreeDefinition() : TreeDefinition.From(parent.Tree);
        foreach (var (file, text) in files)
        {
            if (text is null)
            {
                tree.Remove(file);
            }
            else
            {
                var blob = git.ObjectDatabase.CreateBlob(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)));
                tree.Add(file, blob, Mode.NonExecutableFile);
            }
        }

        var signature = new Signature("test", "test@example.invalid", DateTimeOffset.UtcNow);
        var commit = git.ObjectDatabase.CreateCommit(signature, signature, message, git.ObjectDatabase.CreateTree(tree),
            parent is null ? [] : [parent], prettifyMessage: true);
        git.Refs.Add("refs/heads/main", commit.Id, allowOverwrite: true);
        if (parent is null)
        {
            git.Refs.UpdateTarget("HEAD", "refs/heads/main");
        }

        return commit.Sha;
    }
}
