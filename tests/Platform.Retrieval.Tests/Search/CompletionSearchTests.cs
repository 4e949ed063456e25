using Platform.Contracts.Retrieval;
using Platform.Retrieval.Tests.Indexing;

namespace Platform.Retrieval.Tests.Search;

public sealed class CompletionSearchTests
{
    [Fact]
    public async Task A_completion_search_finds_the_definitions_the_code_before_the_cursor_uses_and_a_late_one_answers_nothing()
    {
        using var data = new TemporaryFolder();
        await using var host = await RetrievalHost.StartAsync(data.Path);
        var repository = await PushIndexingTests.RegisterPushAsync(host, "tenant-completion", "app");
        await host.Repositories.PushAsync(new PushRepositoryFiles
        {
            TenantId = "tenant-completion", RepositoryId = repository,
            Files =
            [
                new PushedFile("billing/tax.py", "def compute_sales_tax(amount, region):\n    rate = REGION_RATES[region]\n    return amount * rate\n", null),
                new PushedFile("crm/names.py", "def normalize_customer_name(name):\n    return ' '.join(name.split()).title()\n", null),
                new PushedFile("orders/load.py", "def load_order(order_id):\n    return Order.objects.get(id=order_id)\n", null),
            ],
        }, CancellationToken.None);
        await host.WaitUntilIndexedAsync("tenant-completion", repository);
        var window = "from billing.tax import compute_sales_tax\n\ndef invoice_total(order):\n    tax = compute_sales_tax(";

        var results = await host.SearchAsync(new SearchCode
        {
            TenantId = "tenant-completion", Query = window, TopK = 2, ForCompletion = true, Deadline = DateTimeOffset.UtcNow.AddSeconds(30),
        });

        Assert.Equal(("billing/tax.py", "compute_sales_tax"), (results.Hits[0].Path, results.Hits[0].Symbol));
        Assert.DoesNotContain(results.Hits, hit => hit.Path == "crm/names.py"); // shares no identifier with the window

        var late = await host.SearchAsync(new SearchCode
        {
            TenantId = "tenant-completion", Query = window, ForCompletion = true, Deadline = DateTimeOffset.UtcNow.AddSeconds(-1),
        });
        Assert.Empty(late.Hits);
    }
}
