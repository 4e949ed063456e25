using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Retrieval;

/// <summary>
/// Code completion grounded in the tenant's indexed repository: retrieval's snippets reach the prompt the worker
/// receives, after the plugin's own context and never from the cursor's own file; retrieval that does not answer
/// within the budget is skipped, not waited for.
/// </summary>
[Collection(GroundedPlatformDefinition.Name)]
public sealed class CompletionGroundingTests(GroundedPlatform platform, ITestOutputHelper output)
{
    private const string Expected = "total = first + second\n    return total"; // the scripted completion, trailing newline trimmed

    [Fact]
    public async Task A_completion_naming_an_indexed_repository_gets_its_snippets_after_the_plugins_declarations()
    {
        var name = $"shop-{Guid.NewGuid():N}";
        await platform.PushRepositoryAsync(name,
            ("billing/invoice_math.py", "def compute_invoice_total(invoice_lines, vat_rate):\n    net = sum(line.price * line.quantity for line in invoice_lines)\n    return round(net * (1 + vat_rate), 2)\n"),
            ("app/checkout_flow.py", "def checkout_cart(cart):\n    invoice_lines = cart.invoice_lines()\n    return compute_invoice_total(invoice_lines, cart.vat_rate)\n"));
        using var http = platform.Client(platform.Served.Key);
        var searches = new List<(string Result, double Milliseconds)>();
        using var listener = DurationListener(searches);

        using var response = await http.PostAsJsonAsync("/v1/code/completions", new
        {
            model = ScriptedModel.Name, language = "python", max_tokens = 32, temperature = 0,
            segments = new
            {
                prefix = "def checkout_cart(cart):\n    invoice_lines = cart.invoice_lines()\n    total = compute_invoice_total(",
                suffix = "\n",
                filepath = "/home/dev/shop/app/checkout_flow.py",
                repository = name,
                declarations = new[] { new { filepath = "app/cart.py", body = "class Cart:\n    vat_rate: float" } },
            },
        });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var prompt = platform.ScriptedModel.LastPrompt;
        var declaration = prompt.IndexOf("# Path: app/cart.py", StringComparison.Ordinal);
        var snippet = prompt.IndexOf("# Path: billing/invoice_math.py\n# def compute_invoice_total(invoice_lines, vat_rate):", StringComparison.Ordinal);
        Assert.True(declaration >= 0 && snippet > declaration, $"Expected the declaration, then the repository snippet, in:\n{prompt}");
        Assert.DoesNotContain("# Path: app/checkout_flow.py", prompt, StringComparison.Ordinal); // the cursor's own file
        Assert.True(snippet < prompt.IndexOf("<|fim_suffix|>", StringComparison.Ordinal), "Repository context belongs before the prefix.");
        lock (searches)
        {
            Assert.Contains(searches, search => search.Result == "hit");
            output.WriteLine($"retrieval for the completion: {string.Join(", ", searches.Select(search => $"{search.Result} {search.Milliseconds:F1} ms"))}");
        }
    }

    /// <summary>Records <c>platform.completion.retrieval.duration</c> by result, from every host in this process.</summary>
    private static MeterListener DurationListener(List<(string Result, double Milliseconds)> into)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Name == "platform.completion.retrieval.duration")
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, milliseconds, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "result")
                {
                    lock (into)
                    {
                        into.Add(((string)tag.Value!, milliseconds));
                    }
                }
            }
        });
        listener.Start();
        return listener;
    }

    [Fact]
    public async Task Retrieval_that_misses_its_budget_is_skipped_and_the_completion_still_answers_in_time()
    {
        var searches = new List<(string Result, double Milliseconds)>();
        using var listener = DurationListener(searches);

        // The unserved tenant's retrieval shard has no replica running: its searches are never answered.
        using var http = platform.Client(platform.Unserved.Key);
        (await CompleteAsync(http, gitUrl: null)).Dispose(); // warm: the first request pays for JIT and connections
        var plain = Stopwatch.StartNew();
        (await CompleteAsync(http, gitUrl: null)).Dispose();
        plain.Stop();
        var grounded = Stopwatch.StartNew();
        using var response = await CompleteAsync(http, gitUrl: "https://git.example.com/acme/calculator.git");
        grounded.Stop();

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var choice = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0];
        Assert.Equal(Expected, choice.GetProperty("text").GetString());
        Assert.DoesNotContain("# Path:", platform.ScriptedModel.LastPrompt, StringComparison.Ordinal);
        lock (searches)
        {
            // Given up on at the budget, not waited for (other platforms in this process skip at their own 30 ms).
            var budget = GroundedPlatform.RetrievalBudget.TotalMilliseconds;
            var skips = searches.Where(search => search.Result == "skipped").Select(search => search.Milliseconds).ToList();
            Assert.Contains(skips, skipped => skipped >= budget - 50 && skipped < budget + 1000);
            Assert.DoesNotContain(skips, skipped => skipped >= budget + 1000);
            output.WriteLine($"skipped after {string.Join(", ", skips.Select(skipped => $"{skipped:F1} ms"))}; plain completion {plain.Elapsed.TotalMilliseconds:F0} ms, with the skipped search {grounded.Elapsed.TotalMilliseconds:F0} ms");
        }

        Assert.True(grounded.Elapsed < plain.Elapsed + GroundedPlatform.RetrievalBudget + TimeSpan.FromSeconds(3),
            $"The completion took {grounded.Elapsed.TotalMilliseconds:F0} ms; without retrieval {plain.Elapsed.TotalMilliseconds:F0} ms; budget {GroundedPlatform.RetrievalBudget.TotalMilliseconds:F0} ms.");
    }

    private static Task<HttpResponseMessage> CompleteAsync(HttpClient http, string? gitUrl) =>
        http.PostAsJsonAsync("/v1/code/completions", new
        {
            model = ScriptedModel.Name, language = "python", max_tokens = 32, temperature = 0,
            segments = new { prefix = $"def add_{Guid.NewGuid():N}(first, second):\n    ", suffix = "\n", filepath = "src/add.py", git_url = gitUrl },
        });
}
