using System.Data.Common;
using System.Globalization;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Health;

/// <summary>
/// Every row the ledger derives from fills and cash flows (positions and their lots, product and daily
/// rollups, unconverted fees, and what each fill and cash flow was attributed), keyed by what names it
/// rather than by surrogate ids, which a replay renumbers: a position is its product and its place in
/// the product's history. Every column of these tables is read, so a column added later is compared too.
/// </summary>
internal sealed class DerivedRows
{
    private readonly Dictionary<string, Dictionary<string, string?>> _rows = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Dictionary<string, string?>> Rows => _rows;

    public static DerivedRows Read(DbConnection connection, DbTransaction transaction, long? botId)
    {
        var derived = new DerivedRows();
        var filter = botId is null ? string.Empty : "WHERE t.bot_id = @bot";
        var positionKeys = new Dictionary<long, string>();
        derived.Read(connection, transaction, botId, "positions", $"""
            SELECT t.*, b.name AS bot_name, i.symbol AS symbol_name,
                   row_number() OVER (PARTITION BY t.bot_id, t.instrument_id ORDER BY t.opened_at, t.id) AS ordinal
            FROM positions t JOIN bots b ON b.id = t.bot_id JOIN instruments i ON i.id = t.instrument_id {filter}
            """, r => $"{r["bot_name"]} {r["symbol_name"]} #{r["ordinal"]}", positionKeys);
        var lotFilter = botId is null ? string.Empty : "WHERE p.bot_id = @bot";
        derived.Read(connection, transaction, botId, "position_lots", $"""
            SELECT t.* FROM position_lots t JOIN positions p ON p.id = t.position_id {lotFilter}
            """, r => $"{r["position_id"]} lot {r["seq"]}", positionKeys);
        derived.Read(connection, transaction, botId, "product_rollups", Product("product_rollups", filter), r => $"{r["bot_name"]} {r["symbol_name"]}", positionKeys);
        derived.Read(connection, transaction, botId, "daily_rollups", Product("daily_rollups", filter), r => $"{r["bot_name"]} {r["symbol_name"]} {r["day"]}", positionKeys);
        derived.Read(connection, transaction, botId, "unconverted_fees", Product("unconverted_fees", filter), r => $"{r["bot_name"]} {r["symbol_name"]} {r["currency"]}", positionKeys);
        derived.Read(connection, transaction, botId, "fills", $"""
            SELECT b.name AS bot_name, t.external_id, t.realized_pnl, t.position_id
            FROM fills t JOIN bots b ON b.id = t.bot_id {filter}
            """, r => $"{r["bot_name"]} {r["external_id"]}", positionKeys);
        derived.Read(connection, transaction, botId, "cash_flows", $"""
            SELECT b.name AS bot_name, t.external_id, t.position_id
            FROM cash_flows t JOIN bots b ON b.id = t.bot_id {filter}
            """, r => $"{r["bot_name"]} {r["external_id"]}", positionKeys);
        return derived;
    }

    private static string Product(string table, string filter) => $"""
        SELECT t.*, b.name AS bot_name, i.symbol AS symbol_name
        FROM {table} t JOIN bots b ON b.id = t.bot_id JOIN instruments i ON i.id = t.instrument_id {filter}
        """;

    /// <summary>Reads one table's rows; position ids become position keys, surrogate ids and the count of replays are left out.</summary>
    private void Read(DbConnection connection, DbTransaction transaction, long? botId, string table, string sql, Func<IReadOnlyDictionary<string, string?>, string> key, Dictionary<long, string> positionKeys)
    {
        using var command = connection.Command(transaction, sql);
        if (botId is not null)
        {
            command.Add("@bot", botId);
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new Dictionary<string, string?>(StringComparer.Ordinal);
            long? id = null;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var name = reader.GetName(i);
                var value = reader.GetValue(i);
                if (name == "id")
                {
                    id = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                    continue;
                }

                row[name] = name is "position_id" or "open_position_id" && value is not DBNull
                    ? positionKeys.GetValueOrDefault(Convert.ToInt64(value, CultureInfo.InvariantCulture), $"missing position {value}")
                    : Text(value);
            }

            var rowKey = key(row);
            if (table == "positions" && id is { } positionId)
            {
                positionKeys[positionId] = rowKey;
            }

            // A rollup's count of replays says how often it was derived again, which a replay adds to: not a figure of the fills.
            foreach (var naming in (string[])["bot_id", "instrument_id", "bot_name", "symbol_name", "ordinal", "replays"])
            {
                row.Remove(naming);
            }

            _rows[$"{table}: {rowKey}"] = row;
        }
    }

    /// <summary>A value as text, numbers without trailing zeros, so that 1.50 stored and 1.5 derived are the same.</summary>
    private static string? Text(object value) => value switch
    {
        DBNull => null,
        decimal d => Normal(d),
        string s when decimal.TryParse(s, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d) => Normal(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string Normal(decimal d) => (d / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
