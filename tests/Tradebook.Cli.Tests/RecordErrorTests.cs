using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>Bad input to <c>tradebook record</c>: one line on stderr that names the problem, and nothing written.</summary>
public sealed class RecordErrorTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public RecordErrorTests()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
    }

    public void Dispose() => _workspace.Dispose();

    private static readonly string Good1 = Fills.Line("alpha", "f1", "BTC/USDT", "buy", 1, 100, minute: 1);
    private static readonly string Good2 = Fills.Line("alpha", "f2", "BTC/USDT", "buy", 2, 110, minute: 2);

    private CliResult Record(string content)
    {
        var file = _workspace.WriteFile($"input-{Guid.NewGuid():N}.jsonl", content);
        return _workspace.Run("record", file);
    }

    private static string ErrorLine(CliResult result)
    {
        var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, result.ToString());
        return errors[0];
    }

    private void AssertNoFills()
    {
        var pnl = _workspace.Run("pnl", "--json");
        Assert.Equal(0, pnl.ExitCode);
        Assert.Equal(0, pnl.Json().GetProperty("lines").GetArrayLength());

        // Recording the good lines now inserts them: they were not there before.
        var again = _workspace.Run("record", _workspace.WriteFile("good.jsonl", Fills.Lines(Good1, Good2)), "--json");
        Assert.Equal(2, again.Json().GetProperty("kinds").GetProperty("fills").GetProperty("inserted").GetInt32());
    }

    [Fact]
    public void malformed_json_on_line_3_names_line_3_and_writes_nothing()
    {
        var result = Record(Fills.Lines(Good1, Good2, """{"bot": "alpha", "id": "f3", """, Fills.Line("alpha", "f4", "BTC/USDT", "sell", 1, 120)));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("line 3", ErrorLine(result), StringComparison.Ordinal);
        Assert.Contains("nothing was written", ErrorLine(result), StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
        AssertNoFills();
    }

    [Fact]
    public void a_quantity_that_is_not_a_number_names_the_line_and_the_field()
    {
        var result = Record(Fills.Lines(Good1, Good2.Replace("\"qty\": 2", "\"qty\": \"abc\"", StringComparison.Ordinal)));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var error = ErrorLine(result);
        Assert.Contains("line 2", error, StringComparison.Ordinal);
        Assert.Contains("\"qty\"", error, StringComparison.Ordinal);
        Assert.Contains("abc", error, StringComparison.Ordinal);
        AssertNoFills();
    }

    [Fact]
    public void a_missing_field_is_named()
    {
        var result = Record(Fills.Lines(Good1, Good2.Replace("\"price\": 110, ", string.Empty, StringComparison.Ordinal)));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var error = ErrorLine(result);
        Assert.Contains("line 2", error, StringComparison.Ordinal);
        Assert.Contains("\"price\" is missing", error, StringComparison.Ordinal);
        AssertNoFills();
    }

    [Fact]
    public void an_unknown_kind_lists_the_known_ones()
    {
        var result = Record(Fills.Lines(Good1, Good2.Replace("{", "{\"kind\": \"trade\", ", StringComparison.Ordinal)));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var error = ErrorLine(result);
        Assert.Contains("unknown kind 'trade'", error, StringComparison.Ordinal);
        Assert.Contains("fill", error, StringComparison.Ordinal);
        AssertNoFills();
    }

    [Fact]
    public void an_unknown_kind_option_is_refused()
    {
        var result = _workspace.Run("record", _workspace.WriteFile("f.jsonl", Fills.Lines(Good1)), "--kind", "trade");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--kind", ErrorLine(result), StringComparison.Ordinal);
        AssertNoFills();
    }

    [Fact]
    public void an_unknown_bot_says_how_to_add_it_and_writes_nothing()
    {
        var result = Record(Fills.Lines(Good1, Fills.Line("ghost", "g1", "BTC/USDT", "buy", 1, 100)));

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        var error = ErrorLine(result);
        Assert.Contains("unknown bot 'ghost'", error, StringComparison.Ordinal);
        Assert.Contains("`tradebook bots add \"ghost\" --mode paper`", error, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/v1", error, StringComparison.Ordinal);
        AssertNoFills();
    }

    [Fact]
    public void the_same_fill_id_with_another_price_is_a_conflict_and_nothing_from_that_file_is_written()
    {
        Assert.Equal(0, Record(Fills.Lines(Good1)).ExitCode);

        var changed = Good1.Replace("\"price\": 100", "\"price\": 101", StringComparison.Ordinal);
        var result = Record(Fills.Lines(Good2, changed));

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        Assert.Contains("f1", ErrorLine(result), StringComparison.Ordinal);

        var pnl = _workspace.Run("pnl", "--json").Json().GetProperty("lines").EnumerateArray().Single();
        Assert.Equal(1m, pnl.GetProperty("position_qty").GetDecimal());
        Assert.Equal(100m, pnl.GetProperty("avg_entry_price").GetDecimal());
    }

    [Fact]
    public void the_same_fill_id_twice_in_one_file_with_different_prices_is_a_conflict()
    {
        var changed = Good1.Replace("\"price\": 100", "\"price\": 101", StringComparison.Ordinal);
        var result = Record(Fills.Lines(Good1, Good2, changed));

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        AssertNoFills();
    }

    [Fact]
    public void a_missing_input_file_is_an_error()
    {
        var result = _workspace.Run("record", Path.Combine(_workspace.Folder, "absent.jsonl"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("input file not found", ErrorLine(result), StringComparison.Ordinal);
    }

    [Fact]
    public void a_folder_given_as_the_input_is_named_as_a_folder()
    {
        // It was called "not found", which sent the user looking for a file that exists.
        var result = _workspace.Run("record", _workspace.Folder);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("is a folder, not a file of records", ErrorLine(result), StringComparison.Ordinal);
        AssertNoFills();
    }

    [Fact]
    public void a_json_array_and_a_fills_object_are_accepted_too()
    {
        var array = _workspace.WriteFile("fills.json", $"[\n{Good1},\n{Good2}\n]");
        var record = _workspace.Run("record", array, "--json");
        Assert.True(record.ExitCode == 0, record.ToString());
        Assert.Equal(2, record.Json().GetProperty("kinds").GetProperty("fills").GetProperty("inserted").GetInt32());

        var grouped = _workspace.WriteFile("grouped.json", $$"""{"fills": [{{Good1}}, {{Fills.Line("alpha", "f3", "BTC/USDT", "sell", 3, 120, minute: 3)}}]}""");
        var second = _workspace.Run("record", grouped, "--json");
        Assert.True(second.ExitCode == 0, second.ToString());
        var fills = second.Json().GetProperty("kinds").GetProperty("fills");
        Assert.Equal(1, fills.GetProperty("inserted").GetInt32());
        Assert.Equal(1, fills.GetProperty("existing").GetInt32());

        Assert.Equal(0m, _workspace.Run("pnl", "--json").Json().GetProperty("lines")[0].GetProperty("position_qty").GetDecimal());
    }

    [Fact]
    public void batch_size_commits_in_several_transactions_with_the_same_result()
    {
        var lines = Enumerable.Range(1, 10).Select(i => Fills.Line("alpha", $"b{i}", "BTC/USDT", "buy", 1, 100 + i, minute: i)).ToArray();
        var result = _workspace.Run("record", _workspace.WriteFile("many.jsonl", Fills.Lines(lines)), "--batch-size", "3", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Json().GetProperty("transactions").GetInt32() >= 4);
        Assert.Equal(10, result.Json().GetProperty("kinds").GetProperty("fills").GetProperty("inserted").GetInt32());
        Assert.Equal(10m, _workspace.Run("pnl", "--json").Json().GetProperty("lines")[0].GetProperty("position_qty").GetDecimal());
    }

    [Fact]
    public void a_failure_after_earlier_batches_committed_does_not_claim_nothing_was_written()
    {
        Assert.Equal(0, Record(Fills.Lines(Good1)).ExitCode);

        // Fills are recorded in time order: the conflicting one is the latest, so it lands in the last transaction.
        var changed = Fills.Line("alpha", "f1", "BTC/USDT", "buy", 1, 101, minute: 14);
        var lines = Fills.Lines(
            Fills.Line("alpha", "g1", "BTC/USDT", "buy", 1, 100, minute: 11),
            Fills.Line("alpha", "g2", "BTC/USDT", "buy", 1, 100, minute: 12),
            Fills.Line("alpha", "g3", "BTC/USDT", "buy", 1, 100, minute: 13),
            changed);

        var result = _workspace.Run("record", _workspace.WriteFile("batched.jsonl", lines), "--batch-size", "2");

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        var error = ErrorLine(result);
        Assert.Contains("f1", error, StringComparison.Ordinal);

        // The first transaction (g1, g2) was committed before the conflict: the message must say so.
        var position = _workspace.Run("pnl", "--json").Json().GetProperty("lines").EnumerateArray().Single().GetProperty("position_qty").GetDecimal();
        Assert.Equal(3m, position);
        Assert.DoesNotContain("nothing was written", error, StringComparison.Ordinal);
        Assert.Contains("2 records", error, StringComparison.Ordinal);
        Assert.Contains("committed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void malformed_json_in_a_json_array_names_its_line()
    {
        var result = Record($"[\n{Good1},\n{{\"bot\": \"alpha\",\n\"qty\": oops}}\n]\n");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("line 4", ErrorLine(result), StringComparison.Ordinal);
        AssertNoFills();
    }

    [Fact]
    public void an_empty_file_records_nothing_and_says_so()
    {
        var result = Record(string.Empty);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Nothing to record", result.Out, StringComparison.Ordinal);
    }
}
