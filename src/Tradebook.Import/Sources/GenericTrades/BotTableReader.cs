using Microsoft.Data.Sqlite;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>A bot of the source: its row key as the trades reference it, and the spec Tradebook keeps.</summary>
internal sealed record SourceBot(string Ref, BotSpec Spec);

/// <summary>Reads the bots table into <see cref="BotSpec"/>s, withholding secrets from their parameters.</summary>
internal static class BotTableReader
{
    public static List<SourceBot> Read(SqliteConnection connection, BotsLayout layout, ImportOptions options, ImportSet set)
    {
        string Column(string? name) => name is null ? "NULL" : SqliteFiles.Quote(name);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Column(layout.IdColumn)}, {Column(layout.NameColumn)}, {Column(layout.Strategy)},
                   {Column(layout.Parameters)}, {Column(layout.Exchange)}, {Column(layout.Mode)}
            FROM {SqliteFiles.Quote(layout.Table.Name)}
            """;
        using var reader = command.ExecuteReader();
        var bots = new List<SourceBot>();
        var table = layout.Table.Name;
        while (reader.Read())
        {
            var id = reader.IsDBNull(0) ? null : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
            var name = reader.IsDBNull(1) ? null : reader.GetString(1).Trim();
            if (id is null || string.IsNullOrEmpty(name))
            {
                set.Rejections.Add(new Rejection($"{table}.{layout.IdColumn}={id ?? "NULL"}", "bot without an id or a name"));
                continue;
            }

            var (config, withheld) = SecretRedactor.Redact(reader.IsDBNull(3) ? null : reader.GetString(3));
            if (withheld.Count > 0)
            {
                set.Warnings.Add($"Bot \"{name}\": secret values withheld from its parameters ({string.Join(", ", withheld)}).");
            }

            var mode = options.Mode ?? ModeOf(reader, 5) ?? BotMode.Live;
            var fullName = options.BotName is { } prefix ? $"{prefix}/{name}" : name;
            bots.Add(new SourceBot(
                id,
                new BotSpec(
                    fullName,
                    mode,
                    StrategyName: reader.IsDBNull(2) ? null : reader.GetString(2),
                    Exchange: reader.IsDBNull(4) ? null : reader.GetString(4),
                    Config: config)));
        }

        if (layout.Parameters is null)
        {
            set.Warnings.Add($"Table \"{table}\" has no parameters column: bots are imported without their strategy parameters.");
        }

        return bots;
    }

    /// <summary>A mode column is either a word (live, paper, dry_run...) or a dry-run / paper flag.</summary>
    private static BotMode? ModeOf(SqliteDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var flagColumn = !reader.GetName(ordinal).Contains("mode", StringComparison.OrdinalIgnoreCase);
        var text = Convert.ToString(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture)?.Trim() ?? "";
        if (flagColumn)
        {
            return text is "1" or "true" or "True" or "TRUE" ? BotMode.Paper : BotMode.Live;
        }

        if (text.Contains("dry", StringComparison.OrdinalIgnoreCase) || text.Contains("paper", StringComparison.OrdinalIgnoreCase)
            || text.Contains("sandbox", StringComparison.OrdinalIgnoreCase))
        {
            return BotMode.Paper;
        }

        return EnumText.TryParse<BotMode>(text, out var mode) ? mode : null;
    }
}
