using System.Text.RegularExpressions;
using Platform.Operations.Tests.Prometheus;
using YamlDotNet.RepresentationModel;

namespace Platform.Operations.Tests.Compose;

/// <summary>docker-compose.yml runs what the chart runs, from the one Dockerfile, healthy before dependents start, with no default secrets.</summary>
public sealed partial class ComposeTests
{
    private static readonly string Text = Repository.Read("docker-compose.yml");
    private static readonly YamlNode File = Yaml.Load(Text);
    private static readonly IReadOnlyDictionary<string, YamlNode> Services = File.Get("services").Entries();

    /// <summary>The platform's own services (built here), by compose name, without the one-process comparison profile.</summary>
    private static IEnumerable<KeyValuePair<string, YamlNode>> PlatformServices =>
        Services.Where(service => service.Value.Get("build") is not null
            && !service.Value.Get("profiles").Items().Any(profile => profile.Text() == "embedded"));

    [Fact]
    public void Compose_and_Helm_run_the_same_services()
    {
        var compose = PlatformServices.Select(service => service.Value.At("environment.OTEL_SERVICE_NAME").Text()!)
            .ToHashSet(StringComparer.Ordinal);
        var helm = new[] { "gateway-deployment.yaml", "backend-deployments.yaml", "model-worker-deployments.yaml", "admin-console-deployment.yaml", "retrieval-statefulset.yaml" }
            .Select(Helm.Chart.Template)
            .SelectMany(template => ComponentName().Matches(template).Select(match => match.Groups[1].Value)
                .Concat(ComponentList().Matches(template).SelectMany(match => match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(name => name.Trim('"')))))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(["admin-console", "chat", "completion", "gateway", "model-worker", "retrieval"], compose.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(compose.Order(StringComparer.Ordinal), helm.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_service_is_built_from_the_one_Dockerfile_with_its_host_project()
    {
        foreach (var (name, service) in Services.Where(service => service.Value.Get("build") is not null))
        {
            Assert.Equal(".", service.At("build.context").Text());
            Assert.Equal("Dockerfile", service.At("build.dockerfile").Text());
            var project = service.At("build.args.PROJECT").Text();
            Assert.False(string.IsNullOrEmpty(project), $"{name}: no PROJECT build argument");
            var csproj = Repository.Read(project!);
            Assert.True(csproj.Contains("Microsoft.NET.Sdk.Web", StringComparison.Ordinal) || csproj.Contains("<OutputType>Exe</OutputType>", StringComparison.Ordinal),
                $"{name}: {project} is not a host");
        }

        Assert.Equal("gpu", Services["model-worker-gpu"].At("build.args.FLAVOUR").Text());
    }

    [Fact]
    public void Every_service_has_a_health_check_and_dependents_wait_for_it()
    {
        // The collector's image is distroless, with nothing to probe with; dependents wait for it to start.
        var unprobed = new HashSet<string>(["otel-collector"], StringComparer.Ordinal);
        foreach (var (name, service) in Services)
        {
            Assert.True(unprobed.Contains(name) || service.Get("healthcheck")?.Get("test") is not null, $"{name}: no health check");
            foreach (var (dependency, condition) in service.Get("depends_on").Entries())
            {
                var expected = unprobed.Contains(dependency) ? "service_started" : "service_healthy";
                Assert.Equal(expected, condition.Get("condition").Text());
            }
        }

        Assert.All(PlatformServices, service => Assert.Contains("/health/ready", string.Join(' ', service.Value.At("healthcheck.test").Items().Select(item => item.Text())), StringComparison.Ordinal));
        Assert.True(Services["gateway"].Get("depends_on").Entries().Keys.ToHashSet().IsSupersetOf(["rabbitmq", "postgres", "redis"]));
    }

    [Fact]
    public void No_secret_has_a_default_value()
    {
        var variables = Variable().Matches(Text).ToList();

        Assert.NotEmpty(variables);
        Assert.All(variables, variable => Assert.True(variable.Groups["operator"].Value == ":?",
            $"{variable.Value} has a default or may be empty: use ${{NAME:?message}}"));
        var names = variables.Select(variable => variable.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        Assert.True(names.IsSupersetOf(["RABBITMQ_PASSWORD", "POSTGRES_PASSWORD", "API_KEY_PEPPER", "ADMIN_TOKEN", "ADMIN_CONSOLE_TOKEN", "GRAFANA_ADMIN_PASSWORD"]));
        Assert.DoesNotMatch(@"(?i)(password|pepper|token)[^\n$]*:\s*[""']?[A-Za-z0-9-]{6,}[""']?\s*$", Text.Split('\n').Where(line => !line.TrimStart().StartsWith('#')).Aggregate("", (all, line) => all + line + "\n"));
    }

    [Fact]
    public void Platform_containers_run_read_only_without_capabilities()
    {
        foreach (var (name, service) in PlatformServices)
        {
            Assert.Equal("true", service.Get("read_only").Text());
            Assert.Contains("ALL", service.Get("cap_drop").Items().Select(item => item.Text()));
            Assert.Contains("no-new-privileges:true", service.Get("security_opt").Items().Select(item => item.Text()));
            Assert.Contains("/tmp", service.Get("tmpfs").Items().Select(item => item.Text()));
        }
    }

    [Fact]
    public void Prometheus_loads_the_rules_and_scrapes_every_service_and_the_broker()
    {
        var volumes = Services["prometheus"].Get("volumes").Items().Select(volume => volume.Text()).ToList();
        Assert.Contains($"./{RuleFiles.RulesFolder}:/etc/prometheus/rules:ro", volumes);
        Assert.Contains("./infra/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro", volumes);

        var config = Yaml.Load(Repository.Read("infra/prometheus/prometheus.yml"));
        Assert.Contains("/etc/prometheus/rules/*.yml", config.Get("rule_files").Items().Select(item => item.Text()));
        var jobs = config.Get("scrape_configs").Items().ToDictionary(job => job.Get("job_name").Text()!, job => job, StringComparer.Ordinal);
        foreach (var component in new[] { "gateway", "completion", "chat", "model-worker" })
        {
            Assert.Equal($"{component}:8081", jobs[component].Get("static_configs").Items()[0].Get("targets").Items()[0].Text());
        }

        Assert.Equal("/metrics/detailed", jobs["rabbitmq-queues"].Get("metrics_path").Text());
        Assert.Equal(["queue_coarse_metrics", "queue_metrics"], jobs["rabbitmq-queues"].At("params.family").Items().Select(item => item.Text() ?? "").ToArray());
        Assert.Contains("rabbitmq_prometheus", Repository.Read("infra/rabbitmq/enabled_plugins"), StringComparison.Ordinal);
    }

    [Fact]
    public void Admin_console_runs_on_its_own_against_the_gateways_admin_api_with_the_credential_the_gateway_holds()
    {
        var console = Services["admin-console"];
        var gateway = Services["gateway"];

        Assert.Equal("services/admin-console/Platform.AdminConsole.Host/Platform.AdminConsole.Host.csproj", console.At("build.args.PROJECT").Text());
        Assert.Equal("http://gateway:8081", console.At("environment.AdminConsole__GatewayUrl").Text());
        Assert.Equal("http://model-worker:8081/metrics", console.At("environment.AdminConsole__MetricsUrls__0").Text());
        var consoleToken = Variable().Match(console.At("environment.AdminConsole__GatewayToken").Text()!).Groups["name"].Value;
        var gatewayToken = Variable().Match(gateway.At("environment.Secrets__AdminConsoleToken").Text()!).Groups["name"].Value;
        Assert.Equal("ADMIN_CONSOLE_TOKEN", consoleToken);
        Assert.Equal(consoleToken, gatewayToken);
        Assert.Equal("service_healthy", console.At("depends_on.gateway.condition").Text());
        Assert.Equal(["127.0.0.1:8082:8080"], console.Get("ports").Items().Select(port => port.Text() ?? "").ToArray());
        Assert.Null(console.At("environment.ConnectionStrings__postgres")); // the gateway owns tenant data
    }

    [PromtoolFact]
    public void The_compose_prometheus_configuration_passes_promtool()
    {
        var (exitCode, output) = Promtool.Run(Repository.Root, "check", "config", "--syntax-only", "infra/prometheus/prometheus.yml");

        Assert.True(exitCode == 0, output);
    }

    [GeneratedRegex(@"""component"" ""([a-z-]+)""")]
    private static partial Regex ComponentName();

    [GeneratedRegex(@"list ((?:""[a-z-]+"" ?)+)")]
    private static partial Regex ComponentList();

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<operator>:\?|\?|:-|-|:\+|\+)?[^}]*\}")]
    private static partial Regex Variable();
}
