using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.GenericTrades;

namespace Tradebook.Import.Tests.GenericTrades;

/// <summary>
/// Sides stored as numbers. A C# bot's EF Core model stores an enum as its number (0 and 1), which says no side by
/// itself: a mapping file's <c>sides</c> gives their meaning, and without one each row is refused saying so. Quant
/// code writes a direction as its sign (1 buys, -1 sells), which is read as such. Before, such tables were refused
/// whole (no side column found) or row by row with no way out.
/// </summary>
public sealed class SideValuesTests
{
    private readonly GenericTradesReader _reader = new();

    [Fact]
    public void an_enum_stored_as_a_number_is_refused_row_by_row_naming_the_mapping_that_reads_it()
    {
        using var db = EnumTable();

        var set = _reader.Read(db.Path, new ImportOptions());

        Assert.Empty(set.Fills);
        Assert.Equal(2, set.Rejections.Count);
        Assert.All(set.Rejections, r => Assert.Contains("a mapping file's \"sides\" says what each of Side's numbers means", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void a_mapping_file_says_what_each_number_of_the_side_column_means()
    {
        using var db = EnumTable();
        var mapping = db.WriteFile("map.json", """{"sides": {"0": "sell", "1": "buy"}}""");

        var set = _reader.Read(db.Path, new ImportOptions(MappingFile: mapping));

        Assert.Empty(set.Rejections);
        Assert.Equal([(Side.Buy, 0.5m), (Side.Sell, 0.5m)], set.Fills.Select(f => (f.Side, f.Quantity)));
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567), set.Fills[0].Timestamp);
    }

    [Fact]
    public void a_value_the_mapping_does_not_name_is_refused_naming_those_it_does()
    {
        using var db = EnumTable();
        var mapping = db.WriteFile("map.json", """{"sides": {"1": "buy"}}""");

        var set = _reader.Read(db.Path, new ImportOptions(MappingFile: mapping));

        Assert.Equal(Side.Buy, Assert.Single(set.Fills).Side);
        Assert.Contains("side \"0\" is none of \"1\"", Assert.Single(set.Rejections).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"sides": {"0": "long"}}""", "a side is \"buy\" or \"sell\"")]
    [InlineData("""{"sides": ["buy", "sell"]}""", "\"sides\" must be an object")]
    public void a_mapping_s_sides_must_name_sides(string json, string expected)
    {
        using var db = EnumTable();
        var mapping = db.WriteFile("map.json", json);

        var error = Assert.Throws<InvalidDataException>(() => _reader.Read(db.Path, new ImportOptions(MappingFile: mapping)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_direction_written_as_its_sign_is_read_as_a_side_beside_an_order_type()
    {
        // A Go bot's executions: "side" is +1 or -1, "type" the order type.
        using var db = new ScratchDatabase("""
            CREATE TABLE executions (exec_id TEXT, instrument TEXT, side INTEGER, type TEXT, qty TEXT, px TEXT, ts_ns INTEGER);
            INSERT INTO executions VALUES ('e1', 'BTC/USDT', 1, 'limit', '0.5', '60000', 1709287200000000000);
            INSERT INTO executions VALUES ('e2', 'BTC/USDT', -1, 'market', '0.5', '61000', 1709290800000000000);
            """);

        var set = _reader.Read(db.Path, new ImportOptions());

        Assert.Empty(set.Rejections);
        Assert.Equal([("e1", Side.Buy), ("e2", Side.Sell)], set.Fills.Select(f => (f.Id, f.Side)));
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero), set.Fills[0].Timestamp);
    }

    /// <summary>An EF Core table: PascalCase names, the side an enum stored as its number, times with seven decimals.</summary>
    private static ScratchDatabase EnumTable() => new("""
        CREATE TABLE "Trades" ("Id" INTEGER PRIMARY KEY, "ExchangeTradeId" TEXT, "Symbol" TEXT, "Side" INTEGER, "Quantity" TEXT, "Price" TEXT, "ExecutedAt" TEXT);
        INSERT INTO "Trades" VALUES (1, 'x-1', 'BTC/USDT', 1, '0.5', '60000', '2024-03-01 10:00:00.1234567');
        INSERT INTO "Trades" VALUES (2, 'x-2', 'BTC/USDT', 0, '0.5', '61000', '2024-03-01 11:00:00');
        """);
}
