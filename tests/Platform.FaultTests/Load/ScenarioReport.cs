using System.Globalization;
using System.Text;
using Npgsql;
using Platform.FaultTests.Infrastructure;

namespace Platform.FaultTests.Load;

/// <summary>
/// One scenario's numbers (requests sent, succeeded, failed fast by status, hung, usage rows of the successful
/// generations, the quota counter against the ledger, time to recover) and the invariants every scenario must hold.
/// </summary>
internal sealed class ScenarioReport
{
    /// <summary>A request that ran longer than the gateway's timeout by more than this counts as hung.</summary>
    public static readonly TimeSpan DeadlineSlack = TimeSpan.FromSeconds(3);

    public required string Name { get; init; }
    public required IReadOnlyList<RequestResult> Results { get; init; }
    public required DateTimeOffset FaultStart { get; init; }
    public required DateTimeOffset FaultEnd { get; init; }
    public required int SuccessesMetered { get; init; }
    public required int SuccessesMeteredTwiceOrWrongly { get; init; }
    public required long? QuotaCounter { get; init; }
    public required long LedgerSpend { get; init; }
    public required IReadOnlyList<string> UnexpectedExits { get; init; }

    public int Sent => Results.Count;
    public IReadOnlyList<RequestResult> Successes => [.. Results.Where(result => result.Succeeded)];
    public int Hung => Results.Count(result => result.Outcome == "hung" || result.Duration > FaultPlatform.RequestTimeout + DeadlineSlack);

    /// <summary>From the end of the fault (a server back, a process killed) to the first success of a request sent after it.</summary>
    public TimeSpan? TimeToRecover => Results
        .Where(result => result.Succeeded && result.Started >= FaultEnd)
        .Select(result => result.Ended - FaultEnd)
        .DefaultIfEmpty(TimeSpan.MinValue)
        .Min() is var first && first == TimeSpan.MinValue ? null : first;

    public string FailedByStatus => string.Join(" ", Results.Where(result => !result.Succeeded)
        .GroupBy(result => result.Outcome).OrderBy(group => group.Key, StringComparer.Ordinal)
        .Select(group => $"{group.Key}×{group.Count()}")) is { Length: > 0 } failed ? failed : "-";

    public static async Task<ScenarioReport> CollectAsync(
        FaultPlatform platform, string name, IReadOnlyList<RequestResult> results, DateTimeOffset faultStart, DateTimeOffset faultEnd)
    {
        var successes = results.Where(result => result.Succeeded && result.GenerationId is not null)
            .Select(result => result.GenerationId!.Value).ToArray();

        // Metering is asynchronous (batches after the bus): wait for the successes to reach the ledger.
        var metered = 0;
        var wrong = 0;
        for (var deadline = DateTime.UtcNow.AddSeconds(40); ;)
        {
            (metered, wrong) = await MeteredAsync(platform, successes);
            if (metered + wrong >= successes.Length || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(500);
        }

        // The quota counter follows the ledger once metering has settled (both counted from the same batches).
        long? counter = null;
        long ledger = 0;
        for (var deadline = DateTime.UtcNow.AddSeconds(15); ;)
        {
            counter = await platform.QuotaCounterAsync();
            ledger = await LedgerSpendAsync(platform);
            if (counter == ledger || DateTime.UtcNow > deadline)
            {
                break;
            }

            if (counter is null)
            {
                // Redis came back empty and no request has been admitted since: the next admission rebuilds the counter.
                await platform.AdmitOneAsync();
            }

            await Task.Delay(500);
        }

        return new ScenarioReport
        {
            Name = name,
            Results = results,
            FaultStart = faultStart,
            FaultEnd = faultEnd,
            SuccessesMetered = metered,
            SuccessesMeteredTwiceOrWrongly = wrong,
            QuotaCounter = counter,
            LedgerSpend = ledger,
            UnexpectedExits = [.. platform.Hosts.Where(host => host.HasExited && !host.Stopped).Select(host => host.Name)],
        };
    }

    public static string Header =>
        $"{"scenario",-28} {"sent",5} {"ok",5} {"hung",4} {"metered/ok",11} {"quota=ledger",13} {"recover",8}  failed fast (by status)";

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-28} {Sent,5} {Successes.Count,5} {Hung,4} {$"{SuccessesMetered}/{Successes.Count}",11} " +
        $"{(QuotaCounter == LedgerSpend ? "yes" : $"{QuotaCounter?.ToString(CultureInfo.InvariantCulture) ?? "none"}≠{LedgerSpend}"),13} " +
        $"{(TimeToRecover is { } recover ? $"{recover.TotalSeconds:F1} s" : "never"),8}  {FailedByStatus}");

    public void AssertInvariants()
    {
        var problems = new StringBuilder();
        if (UnexpectedExits.Count > 0)
        {
            problems.AppendLine($"processes exited: {string.Join(", ", UnexpectedExits)}");
        }

        if (Hung > 0)
        {
            problems.AppendLine($"{Hung} requests ran past their deadline");
        }

        if (Successes.Count == 0 || TimeToRecover is null)
        {
            problems.AppendLine("no request succeeded after the fault");
        }

        if (SuccessesMetered != Successes.Count || SuccessesMeteredTwiceOrWrongly > 0)
        {
            problems.AppendLine($"{Successes.Count} successful generations, {SuccessesMetered} metered as such, {SuccessesMeteredTwiceOrWrongly} metered otherwise");
        }

        if (QuotaCounter != LedgerSpend)
        {
            problems.AppendLine($"quota counter {QuotaCounter} differs from the ledger's {LedgerSpend}");
        }

        Assert.True(problems.Length == 0, $"{Name}:\n{problems}");
    }

    /// <summary>Successes with one usage row of a finished generation, and those whose row says otherwise (or that have several).</summary>
    private static async Task<(int Metered, int Wrong)> MeteredAsync(FaultPlatform platform, Guid[] successes)
    {
        await using var connection = platform.Database();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE "Outcome" IN ('stop', 'length')), count(*) FILTER (WHERE "Outcome" NOT IN ('stop', 'length'))
            FROM usage_records WHERE "GenerationId" = ANY(@ids)
            """, connection);
        command.Parameters.AddWithValue("ids", successes);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }

    private static async Task<long> LedgerSpendAsync(FaultPlatform platform)
    {
        await using var connection = platform.Database();
        await connection.OpenAsync();
        var month = new DateTimeOffset(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1, 0, 0, 0, TimeSpan.Zero);
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(sum("PromptTokens"::bigint + "CompletionTokens"), 0)::bigint FROM usage_records
            WHERE "TenantId" = @tenant AND "CompletedAt" >= @from AND "CompletedAt" < @to
            """, connection);
        command.Parameters.AddWithValue("tenant", FaultPlatform.Tenant);
        command.Parameters.AddWithValue("from", month);
        command.Parameters.AddWithValue("to", month.AddMonths(1));
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
