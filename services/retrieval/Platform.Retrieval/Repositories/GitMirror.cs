using LibGit2Sharp;

namespace Platform.Retrieval.Repositories;

/// <summary>A file of a commit that must be (re)indexed, or that left the tree.</summary>
internal sealed record FileChange(string Path, bool Deleted, Func<byte[]>? Content, long Size);

/// <summary>
/// A bare mirror of a tenant's git remote, cloned once and fetched on each sync. What changed between the indexed
/// commit and the branch head comes from a tree diff, so a new commit costs only the files it touched.
/// </summary>
internal static class GitMirror
{
    /// <summary>Clones or fetches; returns the head commit of the branch (choosing the remote's default when none is set).</summary>
    public static (string Commit, string Branch) Sync(string folder, RepositoryRecord repository, string? accessToken)
    {
        var fetch = new FetchOptions { Prune = true };
        if (!string.IsNullOrEmpty(accessToken))
        {
            var token = accessToken;
            fetch.CredentialsProvider = (_, _, _) => new UsernamePasswordCredentials { Username = "x-access-token", Password = token };
        }

        if (!Repository.IsValid(folder))
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true); // a clone a restart interrupted
            }

            var clone = new CloneOptions(fetch) { IsBare = true };
            var temporary = folder + ".cloning";
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }

            Repository.Clone(repository.GitUrl!, temporary, clone);
            Directory.Move(temporary, folder);
        }

        using var git = new Repository(folder);
        Commands.Fetch(git, "origin", ["+refs/heads/*:refs/heads/*"], fetch, null);
        var branch = repository.Branch ?? git.Head.FriendlyName;
        var head = git.Branches[branch]?.Tip ?? throw new InvalidOperationException($"The remote has no branch '{branch}'.");
        return (head.Sha, branch);
    }

    /// <summary>
    /// The files to index to go from <paramref name="fromCommit"/> (null: nothing indexed yet) to <paramref name="toCommit"/>.
    /// Content is read lazily, when the indexer gets to the file, so <paramref name="git"/> stays open until then.
    /// </summary>
    public static List<FileChange> Changes(Repository git, string? fromCommit, string toCommit)
    {
        var target = git.Lookup<Commit>(toCommit) ?? throw new InvalidOperationException($"Commit {toCommit} is not in the mirror.");
        var source = fromCommit is null ? null : git.Lookup<Commit>(fromCommit);
        var changes = new List<FileChange>();
        if (source is null)
        {
            AddTree(target.Tree, "", changes);
            return changes;
        }

        foreach (var change in git.Diff.Compare<TreeChanges>(source.Tree, target.Tree))
        {
            if (change.Status is ChangeKind.Deleted or ChangeKind.Renamed)
            {
                changes.Add(new FileChange(change.OldPath, Deleted: true, null, 0));
            }

            if (change.Status is not ChangeKind.Deleted && change.Mode is Mode.NonExecutableFile or Mode.ExecutableFile
                && git.Lookup<Blob>(change.Oid) is { } blob)
            {
                changes.Add(Blob(change.Path, blob));
            }
        }

        return changes;
    }

    private static void AddTree(Tree tree, string prefix, List<FileChange> changes)
    {
        foreach (var entry in tree)
        {
            switch (entry.TargetType)
            {
                case TreeEntryTargetType.Tree:
                    AddTree((Tree)entry.Target, prefix + entry.Name + "/", changes);
                    break;
                case TreeEntryTargetType.Blob when entry.Mode is Mode.NonExecutableFile or Mode.ExecutableFile:
                    changes.Add(Blob(prefix + entry.Name, (Blob)entry.Target));
                    break;
            }
        }
    }

    private static FileChange Blob(string path, Blob blob) => new(path, Deleted: false, () =>
    {
        using var stream = blob.GetContentStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }, blob.Size);
}
