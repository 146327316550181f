using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.GenericTrades;

namespace Tradebook.Import.Tests.GenericTrades;

/// <summary>The per-row fast paths give exactly what the general ones gave: keys and times of stored imports must not move.</summary>
public sealed class RowValuesTests
{
    [Theory]
    [InlineData("2024-03-01 10:00:00")]
    [InlineData("2024-03-01T10:00:00")]
    [InlineData("2024-03-01T10:00:00Z")]
    [InlineData("2024-03-01 10:00:00.5")]
    [InlineData("2024-03-01 10:00:00.123")]
    [InlineData("2024-03-01T10:00:00.1234567Z")]
    [InlineData("2024-03-01T10:00:00+02:00")]
    [InlineData("2024-03-01T10:00:00.250-05:30")]
    [InlineData("2024-02-29 23:59:59")]
    [InlineData("  2024-03-01 10:00:00  ")]
    [InlineData("2024-03-01T10:00:00.12345678Z")]
    [InlineData("2023-02-29 10:00:00")]
    [InlineData("2024-03-01 25:00:00")]
    [InlineData("2024-03-01T10:00:00 +0200")]
    [InlineData("2024-03-01T10:00")]
    [InlineData("1709287200000")]
    [InlineData("March 1, 2024 10:00")]
    public void iso_times_read_the_same_through_the_fast_path_as_through_the_general_parser(string text)
    {
        using var db = new ScratchDatabase("CREATE TABLE trades (id INTEGER PRIMARY KEY, symbol TEXT, side TEXT, qty TEXT, price TEXT, time TEXT);");
        using (var connection = db.Open())
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO trades (symbol, side, qty, price, time) VALUES ('BTC/USDT', 'buy', '1', '100', $time)";
            insert.Parameters.AddWithValue("$time", text);
            insert.ExecuteNonQuery();
        }

        var set = new GenericTradesReader().Read(db.Path, new ImportOptions());

        if (long.TryParse(text.Trim(), out _))
        {
            Assert.Single(set.Fills);
            return;
        }

        var general = DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expected);
        Assert.Equal(general, set.Fills.Count == 1);
        if (general)
        {
            Assert.Equal(expected, set.Fills[0].Timestamp);
            Assert.Equal(TimeSpan.Zero, set.Fills[0].Timestamp.Offset);
        }
    }

    [Theory]
    [InlineData("ETH/USDT", "buy", "0.5", "3000.25", "0.0001", "USDT", null)]
    [InlineData("BTC-USD", "sell", "1E-8", "61000", "0", null, "order-7")]
    [InlineData("ÉTÉ/€", "buy", "123456789.123456789", "0.000000001", "12.5", "BNB", "ordre é")]
    public void a_row_hash_is_the_sha256_of_its_values_joined_as_before(string symbol, string side, string quantity, string price, string fee, string? currency, string? orderId)
    {
        using var db = new ScratchDatabase("CREATE TABLE trades (id INTEGER PRIMARY KEY, symbol TEXT, side TEXT, qty TEXT, price TEXT, fee TEXT, fee_currency TEXT, time TEXT, client_order_id TEXT);");
        using (var connection = db.Open())
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO trades (symbol, side, qty, price, fee, fee_currency, time, client_order_id) VALUES ($s, $side, $q, $p, $f, $c, '2024-03-01 10:00:00.123', $o)";
            insert.Parameters.AddWithValue("$s", symbol);
            insert.Parameters.AddWithValue("$side", side);
            insert.Parameters.AddWithValue("$q", quantity);
            insert.Parameters.AddWithValue("$p", price);
            insert.Parameters.AddWithValue("$f", fee);
            insert.Parameters.AddWithValue("$c", (object?)currency ?? DBNull.Value);
            insert.Parameters.AddWithValue("$o", (object?)orderId ?? DBNull.Value);
            insert.ExecuteNonQuery();
        }

        var fill = Assert.Single(new GenericTradesReader().Read(db.Path, new ImportOptions(BotName: "bot")).Fills);
        Assert.Equal((Side)(side == "buy" ? Side.Buy : Side.Sell), fill.Side);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 0, 0, 123, TimeSpan.Zero), fill.Timestamp);

        // The key is part of the stored data: a change would make a re-import duplicate every row.
        var text = string.Join(
            '\u001f', fill.Bot, fill.Symbol, fill.Side.ToText(),
            fill.Quantity.ToString("G29", CultureInfo.InvariantCulture), fill.Price.ToString("G29", CultureInfo.InvariantCulture),
            fill.Fee.ToString("G29", CultureInfo.InvariantCulture), fill.FeeCurrency ?? "",
            fill.Timestamp.UtcTicks.ToString(CultureInfo.InvariantCulture), fill.OrderId ?? "");
        var expected = "t" + fill.Timestamp.UtcTicks.ToString("x16", CultureInfo.InvariantCulture)
            + "h" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 12));

        Assert.Equal(expected, fill.Id);
    }

    [Fact]
    public void values_read_the_same_whatever_storage_class_and_padding_the_source_used()
    {
        using var db = new ScratchDatabase("""
            CREATE TABLE trades (id INTEGER PRIMARY KEY, symbol TEXT, side TEXT, qty, price, fee, fee_currency TEXT, time);
            INSERT INTO trades VALUES (1, ' BTC/USDT ', ' BUY ', ' 0.5 ', '60000.10', 0.1, '', '2024-03-01 10:00:00');
            INSERT INTO trades VALUES (2, 'BTC/USDT', 'Sell', 2, 60100, '0.000000000000000001', ' USDT ', 1709287200);
            INSERT INTO trades VALUES (3, 'BTC/USDT', 's', char(160) || '0.25', 12345.678901234567, NULL, NULL, 1709287200.5);
            INSERT INTO trades VALUES (4, 'BTC/USDT', 'hold', '1', '1', 0, NULL, '2024-03-01 10:00:00');
            INSERT INTO trades VALUES (5, 'BTC/USDT', 'buy', 'lots', '1', 0, NULL, '2024-03-01 10:00:00');
            """);

        var set = new GenericTradesReader().Read(db.Path, new ImportOptions());

        Assert.Equal(["trades.id=4", "trades.id=5"], set.Rejections.Select(r => r.SourceRef));
        Assert.Equal("side \"hold\" is not buy/sell, long/short or b/s", set.Rejections[0].Reason);
        Assert.Equal("quantity \"lots\" is not a number", set.Rejections[1].Reason);
        var (first, second, third) = (set.Fills[0], set.Fills[1], set.Fills[2]);
        Assert.Equal(("BTC/USDT", Side.Buy, 0.5m, 60000.10m, 0.1m, (string?)null), (first.Symbol, first.Side, first.Quantity, first.Price, first.Fee, first.FeeCurrency));
        Assert.Same(first.Symbol, second.Symbol);
        Assert.Equal((Side.Sell, 2m, 60100m, 0.000000000000000001m, "USDT"), (second.Side, second.Quantity, second.Price, second.Fee, second.FeeCurrency));
        Assert.Equal((Side.Sell, 0.25m, 12345.678901234567m, 0m), (third.Side, third.Quantity, third.Price, third.Fee));
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 0, 0, 500, TimeSpan.Zero), third.Timestamp);
    }
}
