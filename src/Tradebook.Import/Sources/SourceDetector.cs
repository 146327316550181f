using System.Globalization;
using Tradebook.Core;
using Tradebook.Import.Sources.Arena;
using Tradebook.Import.Sources.Csv;
using Tradebook.Import.Sources.Fragmented;
using Tradebook.Import.Sources.Freqtrade;
using Tradebook.Import.Sources.GenericTrades;
using Tradebook.Import.Sources.Hummingbot;
using Tradebook.Import.Sources.JsonFiles;

namespace Tradebook.Import.Sources;

/// <summary>Picks the reader for a source by its content, or the one the user forced with <c>--format</c>.</summary>
public sealed class SourceDetector(IReadOnlyList<ISourceReader> readers)
{
    /// <summary>
    /// Most specific first: a freqtrade or hummingbot database would also pass the generic trade-table
    /// detection, so the generic SQLite reader comes after them; a CSV file is text, which no other reader takes.
    /// </summary>
    public SourceDetector()
        : this((string?)null)
    {
    }

    /// <param name="mappingFile">The user's mapping of a trade table: the generic reader recognises the tables it describes.</param>
    public SourceDetector(string? mappingFile)
        : this([new FreqtradeReader(), new HummingbotReader(), new ArenaReader(), new FragmentedReader(), new FreqtradeBacktestReader(), new JsonFilesReader(), new GenericTradesReader(mappingFile), new CsvTradesReader(mappingFile)])
    {
    }

    public IReadOnlyList<ISourceReader> Readers { get; } = readers;

    public IEnumerable<string> Formats => Readers.Select(r => r.Format);

    /// <summary>The reader named <paramref name="format"/>, or the first that recognises <paramref name="path"/>.</summary>
    public ISourceReader Detect(string path, string? format = null)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new TradebookException(ErrorCode.NotFound, $"source not found: {Path.GetFullPath(path)}");
        }

        if (!string.IsNullOrWhiteSpace(format))
        {
            return Readers.FirstOrDefault(r => string.Equals(r.Format, format.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new TradebookException(ErrorCode.InvalidInput, $"unknown format '{format}'; known formats: {string.Join(", ", Formats)}");
        }

        foreach (var reader in Readers)
        {
            if (reader.CanRead(path))
            {
                return reader;
            }
        }

        // A file SQLite cannot read is damaged, not of an unknown shape: say so, and what still reads.
        if (File.Exists(path) && SqliteFiles.IsSqlite(path) && SqliteDamage.Check(path) is { } damaged)
        {
            throw damaged;
        }

        throw new TradebookException(ErrorCode.InvalidInput, $"{Path.GetFullPath(path)}: no reader recognises it ({Describe(path)})", new Remedy(RemedyKind.ChooseSourceFormat, string.Join(", ", Formats)));
    }

    /// <summary>What was found instead, so the user can tell a wrong file from an unsupported shape.</summary>
    private static string Describe(string path)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Take(1000).ToList();
            var kinds = files.GroupBy(f => Path.GetExtension(f).ToLowerInvariant()).OrderByDescending(g => g.Count())
                .Select(g => $"{g.Count()} {(g.Key.Length == 0 ? "without extension" : g.Key)}");
            return files.Count == 0 ? "an empty folder" : $"a folder with {string.Join(", ", kinds)}";
        }

        var head = new byte[16];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.Read(head, 0, head.Length);
        }

        var text = System.Text.Encoding.ASCII.GetString(head, 0, read);
        if (text.StartsWith("SQLite format 3", StringComparison.Ordinal))
        {
            return "a SQLite database without a known trades, orders or fills layout";
        }

        var hex = string.Join(" ", head.Take(read).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        if (read == 0)
        {
            return "an empty file";
        }

        // Text is most likely a CSV whose columns were not recognised: say which the nearest header lacks.
        return CsvTradesReader.Problem(path, mappingFile: null) is { } csv
            ? $"not a SQLite database: first bytes {hex}; read as CSV, {csv}"
            : $"not a SQLite database: first bytes {hex}";
    }
}
