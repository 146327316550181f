using Microsoft.Data.Sqlite;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Storage.Tests.Connection;

/// <summary>
/// The replay reads stored rows below Microsoft.Data.Sqlite, parsing values from the row's bytes: every value
/// must read exactly as Microsoft.Data.Sqlite reads it, whatever type SQLite holds it as.
/// </summary>
public sealed class RowReaderTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public RowReaderTests()
    {
        SqliteBootstrap.EnsureInitialized();
        _connection.Open();
        using var create = _connection.Command(null, """
            CREATE TABLE t (id INTEGER PRIMARY KEY, amount, side TEXT, currency TEXT, ts TEXT);
            INSERT INTO t (id, amount, side, currency, ts) VALUES
                (1, '0.1', 'buy', 'USDT', '2026-01-01T00:00:00.000001Z'),
                (2, '-123456789.123456789012345678', 'sell', 'USDT', '2026-12-31T23:59:59.999999Z'),
                (3, '79228162514264337593543950335', 'buy', NULL, '2026-06-01 12:00:00'),
                (4, 42, 'buy', 'usdt', '2026-06-01T12:00:00+02:00'),
                (5, 2.5, 'buyer', 'BNB', '2028-02-29T00:00:00.000000Z'),
                (6, '1E-3', '', 'BNB', '2024-02-29T10:11:12.130000Z'),
                (7, NULL, NULL, '€', '0001-01-01T00:00:00.000000Z');
            """);
        create.ExecuteNonQuery();
    }

    [Fact]
    public void every_value_reads_as_microsoft_data_sqlite_reads_it()
    {
        var expected = new List<string>();
        using (var command = _connection.Command(null, "SELECT id, amount, side, currency, ts FROM t ORDER BY id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                expected.Add(Describe(
                    reader.GetInt64(0),
                    reader.GetDecimalOrNull(1),
                    !reader.IsDBNull(2) && reader.GetString(2) == "buy",
                    reader.GetStringOrNull(3),
                    Time(reader.GetValue(4))));
            }
        }

        var actual = new List<string>();
        using (var reader = RowReader.Open(_connection, null, "SELECT id, amount, side, currency, ts FROM t WHERE id >= @from ORDER BY id", ("@from", 1L)))
        {
            while (reader.Read())
            {
                actual.Add(Describe(reader.GetInt64(0), reader.GetDecimalOrNull(1), reader.TextIs(2, "buy"), reader.GetStringOrNull(3), Time(reader, 4)));
            }
        }

        Assert.Equal(7, expected.Count);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void a_text_repeated_row_after_row_is_one_string_and_a_changed_one_is_read_again()
    {
        var currencies = new List<string?>();
        using (var reader = RowReader.Open(_connection, null, "SELECT currency FROM t ORDER BY id"))
        {
            while (reader.Read())
            {
                currencies.Add(reader.GetStringOrNull(0));
            }
        }

        Assert.Equal(["USDT", "USDT", null, "usdt", "BNB", "BNB", "€"], currencies);
        Assert.Same(currencies[0], currencies[1]);
        Assert.Same(currencies[4], currencies[5]);
    }

    [Fact]
    public void bound_parameters_select_rows_and_an_unknown_one_is_refused()
    {
        using (var reader = RowReader.Open(_connection, null, "SELECT id FROM t WHERE currency = @currency AND ts >= @since ORDER BY id", ("@currency", "BNB"), ("@since", "2025-01-01")))
        {
            var ids = new List<long>();
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }

            Assert.Equal([5L], ids);
        }

        Assert.Throws<ArgumentException>(() => RowReader.Open(_connection, null, "SELECT id FROM t WHERE id = @id", ("@other", 1L)));
    }

    [Fact]
    public void a_value_that_is_no_decimal_fails_as_it_does_through_microsoft_data_sqlite()
    {
        using var reader = RowReader.Open(_connection, null, "SELECT side FROM t WHERE id = 1");
        Assert.True(reader.Read());
        Assert.Throws<FormatException>(() => reader.GetDecimal(0));
    }

    public void Dispose() => _connection.Dispose();

    private static string Describe(long id, decimal? amount, bool buys, string? currency, string time) =>
        FormattableString.Invariant($"{id}|{amount}|{buys}|{currency ?? "<null>"}|{time}");

    private static string Time(object value) => StoredTime.Read(value).ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static string Time(RowReader reader, int column) => reader.GetTime(column).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
