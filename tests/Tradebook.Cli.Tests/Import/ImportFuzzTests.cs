using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests.Import;

/// <summary>
/// Damaged sources, made from real samples with a seeded <see cref="Random"/>: each import either succeeds or
/// exits non-zero with one error line and no stack trace, and a failed import leaves the database as it was.
/// </summary>
public sealed partial class ImportFuzzTests
{
    private const int Seed = 20250917;

    [Fact]
    public void damaged_sqlite_databases_import_cleanly_or_fail_with_one_line_and_write_nothing()
    {
        using var workspace = new SampleWorkspace();
        var random = new Random(Seed);
        var originals = new[]
        {
            File.ReadAllBytes(workspace.Sample("real-dbs/ronmegini__Trading-Bot__tradesv3.sqlite")),
            File.ReadAllBytes(workspace.Sample("real-dbs/tooyipjee__freqtrade__tradesv3.sqlite")),
            File.ReadAllBytes(workspace.Sample("real-dbs/edgeware-network__MM-Logs__conf_pure_mm_1.sqlite")),
            File.ReadAllBytes(workspace.Sample("trader/backend/trader_backup_migration_20250913_123112.db")),
        };
        var failures = 0;
        for (var i = 0; i < 160; i++)
        {
            var original = originals[i % originals.Length];
            var bytes = (i / originals.Length % 3) switch
            {
                0 => original[..random.Next(0, original.Length)],
                1 => Flip(original, random, random.Next(1, 40)),
                _ => FlipPage(original, random),
            };
            var path = Path.Combine(workspace.Folder, $"case-{i}.sqlite");
            File.WriteAllBytes(path, bytes);
            failures += Check(workspace, path, $"sqlite case {i}") ? 0 : 1;
        }

        // Both outcomes are reached: damage the readers survive, and damage they refuse.
        Assert.InRange(failures, 1, 159);
    }

    [Fact]
    public void random_bytes_import_cleanly_or_fail_with_one_line_and_write_nothing()
    {
        using var workspace = new SampleWorkspace();
        var random = new Random(Seed + 1);
        var failures = 0;
        for (var i = 0; i < 60; i++)
        {
            // Some start like a SQLite file or a JSON document, so the readers past detection are reached too.
            var prefix = (i % 3) switch { 0 => "SQLite format 3\0"u8.ToArray(), 1 => "[{\"symbol\":"u8.ToArray(), _ => [] };
            var bytes = new byte[prefix.Length + random.Next(0, 9000)];
            random.NextBytes(bytes);
            prefix.CopyTo(bytes, 0);
            var path = Path.Combine(workspace.Folder, $"random-{i}{(i % 3 == 1 ? ".json" : ".db")}");
            File.WriteAllBytes(path, bytes);
            failures += Check(workspace, path, $"random case {i}") ? 0 : 1;
        }
    }

    [Fact]
    public void mutated_json_files_import_cleanly_or_fail_with_one_line_and_write_nothing()
    {
        using var workspace = new SampleWorkspace();
        var random = new Random(Seed + 2);
        var folder = workspace.Sample("jsonfiles");
        var trades = File.ReadAllText(Path.Combine(folder, "trades.json"));
        var signals = File.ReadAllLines(Path.Combine(folder, "signals.jsonl")).Take(60).ToArray();

        // A small but whole trades file: the first records of the sample.
        var records = trades.Split("\n  },", StringSplitOptions.None);
        var small = string.Join("\n  },", records.Take(25)) + "\n  }\n]\n";
        var imported = 0;
        for (var i = 0; i < 200; i++)
        {
            var caseFolder = Path.Combine(workspace.Folder, $"json-{i}");
            Directory.CreateDirectory(caseFolder);
            var mutated = Mutate(small, random, 1 + random.Next(3));
            if (i % 4 == 3)
            {
                // The JSON Lines file damaged instead, the trades file whole.
                File.WriteAllText(Path.Combine(caseFolder, "trades.json"), small);
                File.WriteAllText(Path.Combine(caseFolder, "signals.jsonl"), Mutate(string.Join('\n', signals), random, 1 + random.Next(3)));
            }
            else
            {
                File.WriteAllText(Path.Combine(caseFolder, "trades.json"), mutated);
                File.WriteAllLines(Path.Combine(caseFolder, "signals.jsonl"), signals);
            }

            imported += Check(workspace, caseFolder, $"json case {i}") ? 1 : 0;
        }

        // The JSON reader keeps every record it can parse and rejects the rest with a reason, so damage of
        // this kind never stops an import.
        Assert.Equal(200, imported);
        Assert.InRange(workspace.Count("SELECT COUNT(*) FROM import_batches WHERE report LIKE '%\"rejections\":[{%'"), 100, 200);
    }

    [Fact]
    public void mutated_backtest_results_import_cleanly_or_fail_with_one_line_and_write_nothing()
    {
        using var workspace = new SampleWorkspace();
        var random = new Random(Seed + 3);
        var imported = 0;
        for (var i = 0; i < 150; i++)
        {
            var path = Path.Combine(workspace.Folder, $"backtest-result-{i}.json");
            File.WriteAllText(path, Mutate(Tradebook.Import.Tests.Freqtrade.BacktestResults.Json, random, 1 + random.Next(3)));
            imported += Check(workspace, path, $"backtest case {i}", format: "freqtrade-backtest") ? 1 : 0;
        }

        // Both outcomes are reached: values the reader rejects one by one, and structure it cannot read at all.
        Assert.InRange(imported, 1, 149);
    }

    [Fact]
    public void damaged_spreadsheets_import_cleanly_or_fail_with_one_line_and_write_nothing()
    {
        using var workspace = new SampleWorkspace();
        var random = new Random(Seed + 4);
        var xlsx = Tradebook.Import.Tests.Csv.Xlsx.Write(Path.Combine(workspace.Folder, "original.xlsx"),
            ["Trade ID", "Symbol", "Side", "Quantity", "Price", "Fee", "Time"],
            ["t-1", "ETH/USDT", "buy", 1.5, 2300.25, 0.1, new DateTime(2024, 1, 2, 10, 0, 0)],
            ["t-2", "ETH/USDT", "sell", 1.5, 2310.5, 0.2, new DateTime(2024, 1, 2, 18, 45, 30)]);
        const string Page = """
            <html><body><table><tr><th>Trade ID</th><th>Symbol</th><th>Side</th><th>Quantity</th><th>Price</th><th>Fee</th><th>Time</th></tr>
            <tr><td>t-1</td><td>ETH/USDT</td><td>buy</td><td>1.5</td><td>2300.25</td><td>0.1</td><td>2024-01-02 10:00:00</td></tr>
            <tr><td>t-2</td><td>ETH/USDT</td><td>sell</td><td>1.5</td><td>2310.5</td><td>0.2</td><td>2024-01-02 18:45:30</td></tr></table></body></html>
            """;
        var originals = new[]
        {
            (File.ReadAllBytes(xlsx), ".xlsx"),
            (File.ReadAllBytes(workspace.Sample("spreadsheets/trade-history.xls")), ".xls"),
            (Encoding.UTF8.GetBytes(Page), ".xls"),
        };
        var failures = 0;
        for (var i = 0; i < 90; i++)
        {
            var (original, extension) = originals[i % originals.Length];
            var bytes = (i / originals.Length % 2) switch
            {
                0 => original[..random.Next(8, original.Length)],
                _ => Flip(original, random, random.Next(1, 20)),
            };
            var path = Path.Combine(workspace.Folder, $"case-{i}{extension}");
            File.WriteAllBytes(path, bytes);
            failures += Check(workspace, path, $"spreadsheet case {i}") ? 0 : 1;
        }

        // Both outcomes are reached: damage the reader survives, and damage it refuses.
        Assert.InRange(failures, 1, 89);
    }

    [Fact]
    public void a_trades_file_damaged_beyond_reading_is_a_rejection_not_a_silent_skip()
    {
        using var workspace = new SampleWorkspace();
        var folder = workspace.Sample("jsonfiles");
        var trades = Path.Combine(folder, "trades.json");
        File.WriteAllText(trades, File.ReadAllText(trades).Remove(File.ReadAllText(trades).IndexOf('{', StringComparison.Ordinal), 1));

        var report = workspace.Import(folder);

        var rejection = Assert.Single(report.GetProperty("imports")[0].GetProperty("rejections").EnumerateArray(), r => r.GetProperty("source_ref").GetString() == "trades.json");
        Assert.StartsWith("corrupt file: not valid JSON", rejection.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, workspace.Count("SELECT COUNT(*) FROM fills"));
    }

    /// <summary>Runs the import; success is fine, failure must be one clear line and leave the database as it was.</summary>
    private static bool Check(SampleWorkspace workspace, string source, string name, string? format = null)
    {
        var before = workspace.Fingerprint();
        CliResult result;
        try
        {
            result = workspace.Run(format is null ? ["import", source, "--no-backup"] : ["import", source, "--no-backup", "--format", format]);
        }
        catch (Exception e)
        {
            Assert.Fail($"{name}: unhandled {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            return false;
        }

        Assert.False(result.Error.Contains("   at ", StringComparison.Ordinal), $"{name}: stack trace\n{result}");
        if (result.ExitCode == 0)
        {
            return true;
        }

        var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, $"{name}: expected one error line\n{result}");
        Assert.Equal(before, workspace.Fingerprint());
        return false;
    }

    private static byte[] Flip(byte[] original, Random random, int flips)
    {
        var bytes = (byte[])original.Clone();
        for (var i = 0; i < flips; i++)
        {
            // Past the 100-byte header most of the time, so the file still opens and the damage is in the data.
            var at = random.Next(random.Next(4) == 0 ? 0 : Math.Min(100, bytes.Length - 1), bytes.Length);
            bytes[at] ^= (byte)(1 << random.Next(8));
        }

        return bytes;
    }

    private static byte[] FlipPage(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        var page = random.Next(1, Math.Max(2, bytes.Length / 4096));
        var start = Math.Min(page * 4096, bytes.Length - 1);
        var length = Math.Min(random.Next(1, 4096), bytes.Length - start);
        random.NextBytes(bytes.AsSpan(start, length));
        return bytes;
    }

    private static readonly string[] Replacements =
        ["1e400", "-1e400", "1e27", "-1e27", "79228162514264337593543950336", "-0", "0", "-5", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "NaN", "null", "true", "{}", "[]", "\"\"", "\"abc\"", "1e-400", "\"1e30\"", "12345678901234567890123456789.5"];

    private static string Mutate(string text, Random random, int mutations)
    {
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(6))
            {
                case 0:
                    // Delete a brace or bracket.
                    var structural = Enumerable.Range(0, text.Length).Where(i => text[i] is '{' or '}' or '[' or ']').ToList();
                    if (structural.Count > 0)
                    {
                        text = text.Remove(structural[random.Next(structural.Count)], 1);
                    }

                    break;
                case 1:
                    // A value replaced by one of another type or of an impossible size.
                    var values = ValuePattern().Matches(text);
                    if (values.Count > 0)
                    {
                        var value = values[random.Next(values.Count)].Groups["value"];
                        text = text.Remove(value.Index, value.Length).Insert(value.Index, Replacements[random.Next(Replacements.Length)]);
                    }

                    break;
                case 2:
                    // A field removed.
                    var fields = FieldPattern().Matches(text);
                    if (fields.Count > 0)
                    {
                        var field = fields[random.Next(fields.Count)];
                        text = text.Remove(field.Index, field.Length);
                    }

                    break;
                case 3:
                    text = text[..random.Next(text.Length)];
                    break;
                case 4:
                    var chars = text.ToCharArray();
                    for (var i = 0; i < 1 + random.Next(10); i++)
                    {
                        chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
                    }

                    text = new string(chars);
                    break;
                default:
                    // A record duplicated with a changed timestamp: the same id with other values.
                    var stamp = TimestampPattern().Match(text, random.Next(text.Length / 2));
                    if (stamp.Success)
                    {
                        text = text.Remove(stamp.Index, stamp.Length).Insert(stamp.Index, string.Create(CultureInfo.InvariantCulture, $"\"timestamp\": {random.Next()}"));
                    }

                    break;
            }
        }

        return text;
    }

    [GeneratedRegex("\"[a-z_]+\": (?<value>\"[^\"]*\"|-?[0-9.eE+-]+|null|true|false)")]
    private static partial Regex ValuePattern();

    [GeneratedRegex("\\s*\"[a-z_]+\": (\"[^\"]*\"|-?[0-9.eE+-]+|null|true|false),?")]
    private static partial Regex FieldPattern();

    [GeneratedRegex("\"timestamp\": \"[^\"]*\"")]
    private static partial Regex TimestampPattern();
}
