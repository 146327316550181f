using System.Data.Common;
using System.Globalization;
using Tradebook.Core.Accounting;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Reads what decides a product's dust threshold, which Core resolves (<see cref="DustThreshold.Resolve"/>):
/// the bot's setting <c>amount_step:SYMBOL</c>, else the instrument's <c>qty_precision</c> (decimal places),
/// else the bot's setting <c>dust_threshold</c>. A stored value that is no such quantity (written before
/// these keys meant anything) counts as not given; new writes are checked by <see cref="SettingsRecorder"/>.
/// </summary>
public static class DustSettings
{
    /// <summary>The dust threshold of bot <paramref name="botName"/> on instrument <paramref name="instrumentId"/>.</summary>
    public static decimal ThresholdOf(DbConnection connection, DbTransaction? transaction, string botName, long instrumentId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.Command(transaction, """
            SELECT i.symbol, i.qty_precision,
                   (SELECT s.value FROM settings s WHERE s.scope = @bot AND s.key = @step_prefix || i.symbol),
                   (SELECT s.value FROM settings s WHERE s.scope = @bot AND s.key = @threshold_key)
            FROM instruments i
            WHERE i.id = @instrument
            """);
        command.Add("@bot", botName);
        command.Add("@step_prefix", DustThreshold.StepKeyPrefix);
        command.Add("@threshold_key", DustThreshold.BotKey);
        command.Add("@instrument", instrumentId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return DustThreshold.Default;
        }

        var symbol = reader.GetString(0);
        var precision = reader.IsDBNull(1) ? (int?)null : Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
        var step = Quantity(DustThreshold.StepKey(symbol), reader.GetStringOrNull(2)) ?? DustThreshold.StepOfDecimals(precision);
        return DustThreshold.Resolve(step, Quantity(DustThreshold.BotKey, reader.GetStringOrNull(3)));
    }

    /// <summary>
    /// The products whose threshold the setting (<paramref name="scope"/>, <paramref name="key"/>) decides:
    /// every product of the bot named by the scope for <c>dust_threshold</c>, its product on the symbol for an
    /// amount step; none when the key decides no dust or no such bot or product exists.
    /// </summary>
    public static IReadOnlyList<(long BotId, long InstrumentId, string Symbol)> ProductsDecidedBy(DbConnection connection, DbTransaction? transaction, string scope, string key)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(key);
        if (!DustThreshold.IsDustKey(key))
        {
            return [];
        }

        var symbol = key.StartsWith(DustThreshold.StepKeyPrefix, StringComparison.Ordinal) ? key[DustThreshold.StepKeyPrefix.Length..] : null;
        using var command = connection.Command(transaction, $"""
            SELECT r.bot_id, r.instrument_id, i.symbol
            FROM product_rollups r
            JOIN bots b ON b.id = r.bot_id
            JOIN instruments i ON i.id = r.instrument_id
            WHERE b.name = @bot {(symbol is null ? string.Empty : "AND i.symbol = @symbol")}
            ORDER BY r.bot_id, r.instrument_id
            """);
        command.Add("@bot", scope);
        if (symbol is not null)
        {
            command.Add("@symbol", symbol);
        }

        using var reader = command.ExecuteReader();
        var products = new List<(long, long, string)>();
        while (reader.Read())
        {
            products.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
        }

        return products;
    }

    private static decimal? Quantity(string key, string? value) =>
        value is null ? null : DustThreshold.Parse(key, value, out _);
}
