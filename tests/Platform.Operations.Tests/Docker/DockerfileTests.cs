using System.Text.RegularExpressions;

namespace Platform.Operations.Tests.Docker;

/// <summary>One Dockerfile builds every host: a PROJECT argument, cpu and gpu flavours, a non-root user on a small runtime.</summary>
public sealed class DockerfileTests
{
    private static readonly string Dockerfile = Repository.Read("Dockerfile");

    [Fact]
    public void There_is_one_Dockerfile()
    {
        var dockerfiles = Directory.EnumerateFiles(Repository.Root, "*", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(path) == "Dockerfile" || Path.GetFileName(path).StartsWith("Dockerfile.", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(Repository.Root, path))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is ".git" or "bin" or "obj" or "node_modules"))
            .ToList();

        Assert.Equal(["Dockerfile"], dockerfiles);
    }

    [Fact]
    public void The_project_and_the_flavour_are_build_arguments()
    {
        Assert.Matches(@"(?m)^ARG PROJECT$", Dockerfile);
        Assert.Matches(@"(?m)^ARG FLAVOUR=cpu$", Dockerfile);
        Assert.Contains("test -n \"$PROJECT\"", Dockerfile, StringComparison.Ordinal);
        Assert.Contains("dotnet publish \"$PROJECT\"", Dockerfile, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^FROM \$\{RUNTIME_IMAGE\} AS runtime-cpu$", Dockerfile);
        Assert.Matches(@"(?m)^FROM \$\{CUDA_IMAGE\} AS runtime-gpu$", Dockerfile);
        Assert.Matches(@"(?m)^FROM runtime-\$\{FLAVOUR\}$", Dockerfile);
        Assert.Contains("OnnxRuntimeFlavour=$ort", Dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_runs_as_a_non_root_user_on_a_chiseled_runtime()
    {
        var users = Regex.Matches(Dockerfile, @"(?m)^USER (\S+)$").Select(match => match.Groups[1].Value).ToList();

        Assert.Equal("1654", users[^1]);
        Assert.Matches(@"(?m)^ARG RUNTIME_IMAGE=mcr\.microsoft\.com/dotnet/aspnet:10\.0-[a-z]+-chiseled$", Dockerfile);
        Assert.Contains("useradd --uid 1654", Dockerfile, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"/app/platform-host\"]", Dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_in_the_image_calls_home()
    {
        Assert.Contains("ORT_DISABLE_TELEMETRY=1", Dockerfile, StringComparison.Ordinal);
        Assert.Contains("DOTNET_CLI_TELEMETRY_OPTOUT=1", Dockerfile, StringComparison.Ordinal);
        Assert.Contains("bus.DisableUsageTelemetry();", Repository.Read("services/service-defaults/Messaging/BusExtensions.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_context_leaves_out_tests_charts_and_the_sdk_pin()
    {
        var ignored = Repository.Read(".dockerignore").Split('\n').Select(line => line.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.True(ignored.IsSupersetOf(["tests/", "helm/", "infra/", "global.json", "**/bin/", "**/obj/"]));
    }
}
