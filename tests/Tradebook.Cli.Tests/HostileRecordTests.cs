using System.Text;
using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>
/// Hostile input to <c>tradebook record</c>: no crash, no silent loss. Each refusal is one <c>error:</c> line,
/// exit code 2, and nothing of the input written.
/// </summary>
public sealed class HostileRecordTests : IDisposable
{
    private static readonly string Good = Fills.Line("alpha", "f1", "BTC/USDT", "buy", 1, 100, minute: 1);

    private readonly TempWorkspace _workspace = new();

    public HostileRecordTests()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
    }

    public void Dispose() => _workspace.Dispose();

    private CliResult Record(string content, params string[] options) =>
        _workspace.Run(["record", _workspace.WriteFile($"input-{Guid.NewGuid():N}.jsonl", content), .. options]);

    private CliResult RecordBytes(byte[] content) =>
        _workspace.Run("record", WriteBytes(content));

    private string WriteBytes(byte[] content)
    {
        var path = Path.Combine(_workspace.Folder, $"input-{Guid.NewGuid():N}.jsonl");
        File.WriteAllBytes(path, content);
        return path;
    }

    private static string ErrorLine(CliResult result)
    {
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.All(l => l.StartsWith("database: ", StringComparison.Ordinal) || l.StartsWith("error: ", StringComparison.Ordinal)), result.ToString());
        var errors = lines.Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, result.ToString());
        return errors[0];
    }

    private string Refused(CliResult result)
    {
        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Equal(0, FillCount());
        return ErrorLine(result);
    }

    private long FillCount()
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={_workspace.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM fills";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void a_fill_whose_value_overflows_a_decimal_is_one_error_line_and_nothing_is_written()
    {
        var overflow = Good.Replace("\"id\": \"f1\"", "\"id\": \"f2\"", StringComparison.Ordinal).Replace("\"qty\": 1,", "\"qty\": 1e28,", StringComparison.Ordinal);

        var error = Refused(Record(Fills.Lines(Good, overflow)));

        Assert.Contains("line 2", error, StringComparison.Ordinal);
        Assert.Contains("nothing was written", error, StringComparison.Ordinal);
    }

    [Fact]
    public void with_batch_size_a_bad_amount_late_in_the_input_is_found_before_any_batch_commits()
    {
        var lines = Enumerable.Range(1, 6).Select(i => Fills.Line("alpha", $"b{i}", "BTC/USDT", "buy", 1, 100, minute: i)).ToList();
        lines.Add("""{"kind": "cash_flow", "bot": "alpha", "id": "c1", "type": "deposit", "amount": "7.9e28", "currency": "USDT", "ts": "2026-01-05T11:00:00Z"}""");

        var error = Refused(Record(Fills.Lines([.. lines]), "--batch-size", "2"));

        Assert.Contains("line 7", error, StringComparison.Ordinal);
        Assert.Contains("\"amount\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_sum_beyond_a_decimal_over_stored_data_is_an_error_and_earlier_batches_stay_committed()
    {
        Assert.Equal(0, Record(Fills.Lines(Fills.Line("alpha", "big", "BTC/USDT", "buy", 1, 100, minute: 30))).ExitCode);

        // A fill stored by an older Tradebook, before amounts were bounded: replaying its product overflows.
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={_workspace.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var tamper = connection.CreateCommand();
            tamper.CommandText = "UPDATE fills SET quantity = '79000000000000000000000000000' WHERE external_id = 'big'";
            Assert.Equal(1, tamper.ExecuteNonQuery());
        }

        // e1 (another product) commits first; f0 is older than 'big', so its product is replayed.
        var result = Record(Fills.Lines(Fills.Line("alpha", "e1", "ETH/USDT", "buy", 1, 10, minute: 1), Fills.Line("alpha", "f0", "BTC/USDT", "buy", 1, 100, minute: 2)), "--batch-size", "1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var error = ErrorLine(result);
        Assert.Contains("beyond what a decimal holds", error, StringComparison.Ordinal);
        Assert.Contains("stay committed", error, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing was written", error, StringComparison.Ordinal);
        Assert.Equal(2, FillCount());
    }

    [Theory]
    [InlineData("10000000000000000")]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    [InlineData("-99999999999")]
    public void a_unix_time_outside_the_representable_range_is_one_error_line(string ts)
    {
        var line = Good.Replace("\"ts\": \"2026-01-05T10:01:00Z\"", $"\"ts\": {ts}", StringComparison.Ordinal);

        Assert.Contains("Unix time", Refused(Record(Fills.Lines(line))), StringComparison.Ordinal);
    }

    [Fact]
    public void a_lone_surrogate_escape_is_one_error_line()
    {
        var line = Good.Replace("\"id\": \"f1\"", "\"id\": \"\\ud800\"", StringComparison.Ordinal);

        Assert.Contains("lone surrogate", Refused(Record(Fills.Lines(line))), StringComparison.Ordinal);
    }

    [Fact]
    public void two_ids_that_differ_only_in_invalid_bytes_are_refused_instead_of_one_being_lost()
    {
        var first = Encoding.UTF8.GetBytes(Fills.Line("alpha", "f-#", "BTC/USDT", "buy", 1, 100, minute: 1) + "\n");
        var second = Encoding.UTF8.GetBytes(Fills.Line("alpha", "f-#", "BTC/USDT", "buy", 5, 100, minute: 2) + "\n");
        first[Array.IndexOf(first, (byte)'#')] = 0xFF;
        second[Array.IndexOf(second, (byte)'#')] = 0xFE;

        var error = Refused(RecordBytes([.. first, .. second]));

        Assert.Contains("line 1", error, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", error, StringComparison.Ordinal);
        Assert.Contains("offset", error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_byte_order_mark_is_read_the_same_from_a_file_and_from_stdin()
    {
        byte[] input = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Fills.Lines(Good))];

        var fromFile = RecordBytes(input);
        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());

        var fromStdin = _workspace.RunWithInput(input, "record", "-");
        Assert.True(fromStdin.ExitCode == 0, fromStdin.ToString());
        Assert.Contains("0 recorded, 1 already present", fromStdin.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_key_given_twice_is_refused_not_last_wins()
    {
        var line = Good.Replace("\"qty\": 1,", "\"qty\": 1, \"qty\": 1000,", StringComparison.Ordinal);

        Assert.Contains("given twice", Refused(Record(Fills.Lines(line))), StringComparison.Ordinal);
    }

    [Fact]
    public void an_unknown_field_names_itself_its_line_and_the_nearest_known_field_and_nothing_is_written()
    {
        var misspelt = Fills.Line("alpha", "f2", "BTC/USDT", "buy", 1, 100, minute: 2).Replace("\"fee\": 0", "\"fees\": \"3\"", StringComparison.Ordinal);

        var error = Refused(Record(Fills.Lines(Good, misspelt)));

        Assert.Contains("line 2", error, StringComparison.Ordinal);
        Assert.Contains("\"fees\"", error, StringComparison.Ordinal);
        Assert.Contains("did you mean \"fee\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_local_date_spelling_is_refused_instead_of_read_as_another_day()
    {
        var line = Good.Replace("\"2026-01-05T10:01:00Z\"", "\"02/03/2026 10:00\"", StringComparison.Ordinal);

        Assert.Contains("ISO-8601", Refused(Record(Fills.Lines(line))), StringComparison.Ordinal);
    }

    [Fact]
    public void a_symbol_that_names_nothing_is_refused()
    {
        Assert.Contains("not a symbol", Refused(Record(Fills.Lines(Good.Replace("BTC/USDT", "/", StringComparison.Ordinal)))), StringComparison.Ordinal);
    }

    public static TheoryData<string, int> LateBadRows => new()
    {
        { Fills.Line("alpha", "bad", "BTC/USDT", "buy", -1, 100, minute: 9), ExitCodes.Usage },
        { Fills.Line("ghost", "bad", "BTC/USDT", "buy", 1, 100, minute: 9), ExitCodes.Failed },
        { Fills.Line("alpha", "bad", "BTC/USDT", "buy", 1, 100, minute: 9).Replace("}", ", \"order_id\": \"never-recorded\"}", StringComparison.Ordinal), ExitCodes.Failed },
        { Fills.Line("alpha", "b1", "BTC/USDT", "buy", 1, 101, minute: 9), ExitCodes.Conflict },
    };

    [Theory]
    [MemberData(nameof(LateBadRows))]
    public void with_batch_size_a_bad_row_late_in_the_input_is_found_before_any_transaction_commits(string bad, int exitCode)
    {
        var lines = Enumerable.Range(1, 6).Select(i => Fills.Line("alpha", $"b{i}", "BTC/USDT", "buy", 1, 100, minute: i)).Append(bad).ToArray();

        var result = Record(Fills.Lines(lines), "--batch-size", "2");

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains("nothing was written", ErrorLine(result), StringComparison.Ordinal);
        Assert.Equal(0, FillCount());
    }
}
