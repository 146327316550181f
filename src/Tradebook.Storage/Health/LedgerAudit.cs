using System.Data.Common;
using Tradebook.Core;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;

namespace Tradebook.Storage.Health;

/// <summary>One derived value that is not what a replay of the fills makes of them: the table and row, the column, and both values.</summary>
public sealed record DerivedDifference(string Row, string Column, string? Stored, string? Replayed);

/// <summary>What an audit found: how many products it replayed, and every value that differed.</summary>
public sealed record LedgerAuditResult(int Products, IReadOnlyList<DerivedDifference> Differences)
{
    public bool Matches => Differences.Count == 0;
}

/// <summary>
/// Checks, or derives again, what the ledger stores beside the fills: positions, lots, rollups. Both
/// replay the products through the ledger's own replay (there is no second accounting engine) and
/// compare every derived row before and after. <see cref="Verify"/> does it in a savepoint it rolls back,
/// so it changes nothing; <see cref="Rebuild"/> keeps the result. Either reads the derived rows of the
/// products twice, so it costs in proportion to the ledger: an operator's command, not a request's.
/// </summary>
public static class LedgerAudit
{
    /// <summary>Compares the stored positions and rollups with a replay of the fills, and changes nothing.</summary>
    public static LedgerAuditResult Verify(TradebookDatabase database, TimeProvider time, string? bot = null) => Run(database, time, bot, keep: false);

    /// <summary>Derives the positions and rollups again, in one transaction, and says what changed.</summary>
    public static LedgerAuditResult Rebuild(TradebookDatabase database, TimeProvider time, string? bot = null) => Run(database, time, bot, keep: true);

    private static LedgerAuditResult Run(TradebookDatabase database, TimeProvider time, string? bot, bool keep)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        return database.InTransaction((connection, transaction) =>
        {
            long? botId = null;
            if (bot is not null)
            {
                botId = Bots.Find(connection, transaction, bot)?.Id
                    ?? throw new TradebookException(ErrorCode.UnknownBot, $"no bot named '{bot}'");
            }

            var products = Products(connection, transaction, botId);
            var before = DerivedRows.Read(connection, transaction, botId);
            transaction.Save("audit");
            LedgerRebuild.RebuildProducts(database, connection, transaction, products, time.GetUtcNow());
            var after = DerivedRows.Read(connection, transaction, botId);
            if (!keep)
            {
                transaction.Rollback("audit");
            }

            return new LedgerAuditResult(products.Count, Compare(before, after));
        });
    }

    /// <summary>Every product that has fills, cash flows or derived rows; a rollup with nothing behind it is derived away.</summary>
    private static List<(long BotId, long InstrumentId)> Products(DbConnection connection, DbTransaction transaction, long? botId)
    {
        var onlyBot = botId is null ? string.Empty : "AND bot_id = @bot";
        using var command = connection.Command(transaction, $"""
            SELECT bot_id, instrument_id FROM fills WHERE 1 = 1 {onlyBot}
            UNION SELECT bot_id, instrument_id FROM cash_flows WHERE instrument_id IS NOT NULL {onlyBot}
            UNION SELECT bot_id, instrument_id FROM product_rollups WHERE 1 = 1 {onlyBot}
            UNION SELECT bot_id, instrument_id FROM positions WHERE 1 = 1 {onlyBot}
            """);
        if (botId is not null)
        {
            command.Add("@bot", botId);
        }

        using var reader = command.ExecuteReader();
        var products = new List<(long, long)>();
        while (reader.Read())
        {
            products.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        return products;
    }

    private static List<DerivedDifference> Compare(DerivedRows stored, DerivedRows replayed)
    {
        var differences = new List<DerivedDifference>();
        foreach (var row in stored.Rows.Keys.Union(replayed.Rows.Keys).Order(StringComparer.Ordinal))
        {
            var before = stored.Rows.GetValueOrDefault(row);
            var after = replayed.Rows.GetValueOrDefault(row);
            if (before is null || after is null)
            {
                differences.Add(new DerivedDifference(row, "(row)", before is null ? null : "present", after is null ? null : "present"));
                continue;
            }

            foreach (var column in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
            {
                var was = before.GetValueOrDefault(column);
                var now = after.GetValueOrDefault(column);
                if (!string.Equals(was, now, StringComparison.Ordinal))
                {
                    differences.Add(new DerivedDifference(row, column, was, now));
                }
            }
        }

        return differences;
    }
}
