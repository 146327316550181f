using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests.Fuzz;

/// <summary>
/// <c>tradebook import SOURCE --mapping FILE</c> with generated and mutated mapping files: the import succeeds, or
/// exits with a documented code and one error line and leaves the database as it was; it stays sound either way.
/// </summary>
public sealed class MappingFileFuzzTests : IDisposable
{
    private static readonly string[] Roles =
        ["symbol", "pair", "side", "quantity", "qty", "amount", "price", "fee", "fee_currency", "time", "timestamp", "id", "key", "order_id", "bot", "status", "base_asset", "quote_asset", "quote_amount", "selling", "buying", "prise", "Symbol"];

    private static readonly string[] Columns = ["instr", "dir", "units", "px", "stamp", "ref", "cost", "missing_column", "", "instr; DROP TABLE journal"];

    // The mapping of the source below that imports it, with or without its bot and optional roles.
    private static readonly Gen<string> Whole =
        from bot in Gen.Elements("", ", \"bot\": \"journal bot\"")
        from id in Gen.Elements("", ", \"id\": \"ref\"")
        select $"{{\"table\": \"journal\", \"columns\": {{\"symbol\": \"instr\", \"side\": \"dir\", \"quantity\": \"units\", \"price\": \"px\", \"time\": \"stamp\"{id}}}{bot}}}";

    private static readonly Gen<string> Random =
        from table in Gen.Elements("\"journal\"", "\"no_such_table\"", "\"\"", "null", "1")
        from columns in Gen.ListOf(from role in Gen.Elements(Roles) from column in Gen.Elements(Columns) select $"\"{role}\": \"{column}\"")
        from bot in Gen.Elements("", ", \"bot\": \"journal bot\"", ", \"bot\": \"\"", ", \"bot\": 7")
        select $"{{\"table\": {table}, \"columns\": {{{string.Join(", ", columns.Distinct())}}}{bot}}}";

    private static readonly Gen<string> Mapping = Gen.OneOf(Whole, Random);

    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    // Found by the property below: the mapping is read while detecting the source, where its errors escaped as a crash.
    [Theory]
    [InlineData("""{"tabel": "journal"}""")]
    [InlineData("""{"table": "journal", }""")]
    [InlineData("""{"columns": {"prise": "px"}}""")]
    public void a_mapping_with_an_unknown_key_or_that_is_not_json_exits_2_with_one_line(string json)
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        var source = SqliteScript.Create(Path.Combine(_workspace.Folder, "journal.db"), "CREATE TABLE journal (ref TEXT PRIMARY KEY, instr TEXT, dir TEXT, units TEXT, px TEXT, stamp TEXT);");

        var result = CliOutcome.Run(() => _workspace.Run("import", source, "--mapping", _workspace.WriteFile("mapping.json", json), "--no-backup"), json);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        CliOutcome.AssertClean(result, json);
        Assert.Contains("Mapping file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void any_mapping_file_imports_or_is_refused_with_one_line_and_nothing_written()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        var source = SqliteScript.Create(Path.Combine(_workspace.Folder, "journal.db"), """
            CREATE TABLE journal (ref TEXT PRIMARY KEY, instr TEXT, dir TEXT, units TEXT, px TEXT, stamp TEXT);
            INSERT INTO journal VALUES ('t1', 'BTC/USDT', 'buy', '1', '100', '2024-01-05 08:00:00');
            INSERT INTO journal VALUES ('t2', 'BTC/USDT', 'sell', '0.5', '110', '2024-01-05 09:00:00');
            INSERT INTO journal VALUES ('t3', 'ETH/USDT', 'buy', '2', '10', '2024-01-06 08:00:00');
            """);
        var gen =
            from text in Mapping
            from mutation in Mutation.Generator(["table", "columns", "bot", .. Roles])
            select (Bytes: mutation.Apply(Encoding.UTF8.GetBytes(text)), Mutation: mutation);

        var outcomes = new HashSet<int>();
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var mapping = Path.Combine(_workspace.Folder, "mapping.json");
            File.WriteAllBytes(mapping, input.Bytes);
            var name = $"{input.Mutation}: {Encoding.UTF8.GetString(input.Bytes)}";
            var before = LedgerState.Fingerprint(_workspace.DatabasePath);

            var result = CliOutcome.Run(() => _workspace.Run("import", source, "--mapping", mapping, "--no-backup"), name);

            CliOutcome.AssertClean(result, name);
            outcomes.Add(result.ExitCode);
            if (result.ExitCode != ExitCodes.Ok)
            {
                Assert.True(before == LedgerState.Fingerprint(_workspace.DatabasePath), $"{name}: a refused import changed the database\n{result}");
            }

            Assert.Equal("ok", LedgerState.IntegrityCheck(_workspace.DatabasePath));
        }).Check(FuzzRuns.Cases(200));

        Assert.Contains(ExitCodes.Ok, outcomes);
        Assert.Contains(ExitCodes.Usage, outcomes);
        Assert.Empty(LedgerState.ReplayDifferences(_workspace.DatabasePath));
    }
}
