using Microsoft.Data.Sqlite;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Storage.Tests.Connection;

/// <summary>
/// The ledger's positional statements on SQLite bind below Microsoft.Data.Sqlite: what they store, and
/// how they fail, must be exactly what Microsoft.Data.Sqlite's commands store and raise.
/// </summary>
public sealed class RowStatementTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public RowStatementTests()
    {
        SqliteBootstrap.EnsureInitialized();
        _connection.Open();
        using var create = _connection.Command(null, """
            CREATE TABLE parents (id INTEGER PRIMARY KEY);
            CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, amount TEXT, n INTEGER, parent INTEGER REFERENCES parents (id));
            PRAGMA foreign_keys = ON;
            """);
        create.ExecuteNonQuery();
    }

    [Fact]
    public void values_repeated_changed_and_cleared_between_rows_are_stored_as_each_row_gives_them()
    {
        // Rows of (amount, n, parent text as k-suffix): repeats, switches to null and back, A-B-A, equal decimals of other scales.
        var shared = "same instance";
        (string K, decimal? Amount, long? N)[] rows =
        [
            ("a", 1.0m, 7),
            ("b", 1.00m, 7),
            ("c", null, 7),
            ("d", null, null),
            ("e", 2.5m, null),
            ("f", 1.0m, 8),
            ("g", 1.0m, 7),
            ("h", 0m, 7),
        ];

        using (var statement = RowStatement.Prepare(_connection, null, "INSERT INTO t (k, amount, n) VALUES (@k, @amount, @n)", "@k", "@amount", "@n"))
        {
            foreach (var (k, amount, n) in rows)
            {
                statement.Set(0, k);
                statement.Set(1, amount);
                statement.Set(2, n);
                statement.ExecuteNonQuery();
            }

            // The same string instance for a column twice in a row, then another with the same text.
            statement.Set(0, "i");
            statement.Set(1, shared);
            statement.Set(2, (long?)null);
            statement.ExecuteNonQuery();
            statement.Set(0, "j");
            statement.Set(1, shared);
            statement.ExecuteNonQuery();
            statement.Set(0, "k");
            statement.Set(1, new string(shared.AsSpan()));
            statement.ExecuteNonQuery();
        }

        using var read = _connection.Command(null, "SELECT k, amount, n FROM t ORDER BY id");
        using var reader = read.ExecuteReader();
        var stored = new List<(string, string?, long?)>();
        while (reader.Read())
        {
            stored.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2)));
        }

        Assert.Equal(
            [("a", "1.0", 7), ("b", "1.0", 7), ("c", null, 7), ("d", null, null), ("e", "2.5", null), ("f", "1.0", 8), ("g", "1.0", 7), ("h", "0.0", 7),
             ("i", shared, null), ("j", shared, null), ("k", shared, null)],
            stored);
    }

    /// <summary>Random decimals of every scale and sign, and the extremes, as the store can hold them.</summary>
    private static IEnumerable<decimal> ManyDecimals()
    {
        var random = new Random(29);
        foreach (var edge in new[] { 0m, -0m, 0.000m, 1m, -1m, 5.000m, 1.10m, 100m, 79228162514264337593543950335m, -79228162514264337593543950335m, 0.0000000000000000000000000001m, -0.0000000000000000000000000001m })
        {
            yield return edge;
        }

        for (var i = 0; i < 3_000; i++)
        {
            yield return new decimal(random.Next(), random.Next(), random.Next(4) == 0 ? random.Next() : 0, random.Next(2) == 0, (byte)random.Next(29));
        }
    }

    [Fact]
    public void thousands_of_decimals_of_every_scale_are_stored_as_the_same_text_as_through_a_command()
    {
        var amounts = ManyDecimals().ToList();
        using (var statement = RowStatement.Prepare(_connection, null, "INSERT INTO t (k, amount) VALUES (@k, @amount)", "@k", "@amount"))
        {
            for (var i = 0; i < amounts.Count; i++)
            {
                statement.Set(0, $"positional-{i}");
                statement.Set(1, amounts[i]);
                statement.ExecuteNonQuery();
            }
        }

        for (var i = 0; i < amounts.Count; i++)
        {
            using var command = _connection.Command(null, "INSERT INTO t (k, amount) VALUES (@k, @amount)");
            command.Add("@k", $"named-{i}");
            command.Add("@amount", amounts[i]);
            command.ExecuteNonQuery();
        }

        using var read = _connection.Command(null, "SELECT p.amount, n.amount FROM t p JOIN t n ON n.k = 'named-' || substr(p.k, 12) WHERE p.k LIKE 'positional-%'");
        using var reader = read.ExecuteReader();
        var compared = 0;
        while (reader.Read())
        {
            Assert.Equal(reader.GetString(1), reader.GetString(0));
            compared++;
        }

        Assert.Equal(amounts.Count, compared);
    }

    [Fact]
    public void a_timestamp_is_stored_as_the_fixed_width_text_every_other_write_of_a_time_uses()
    {
        var random = new Random(31);
        var times = new List<DateTimeOffset>
        {
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(-5)),
            new DateTimeOffset(2024, 3, 1, 11, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567),
        };
        times.AddRange(Enumerable.Range(0, 500).Select(_ => new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero)));
        using (var statement = RowStatement.Prepare(_connection, null, "INSERT INTO t (k, amount) VALUES (@k, @at)", "@k", "@at"))
        {
            for (var i = 0; i < times.Count; i++)
            {
                statement.Set(0, $"time-{i}");
                statement.Set(1, times[i]);
                statement.ExecuteNonQuery();
            }
        }

        using var read = _connection.Command(null, "SELECT amount FROM t WHERE k LIKE 'time-%' ORDER BY id");
        using var reader = read.ExecuteReader();
        foreach (var time in times)
        {
            Assert.True(reader.Read());
            var expected = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, reader.GetString(0));
            Assert.Equal(expected, StoredTime.Text(time));
            Assert.Equal(new DateTimeOffset(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero), StoredTime.Read(expected));
        }
    }

    [Theory]
    [InlineData("2024-03-01T09:00:00+02:00", "2024-03-01T07:00:00.000000Z")]
    [InlineData("2024-03-01 09:00:00", "2024-03-01T09:00:00.000000Z")]
    [InlineData("2024-03-01T09:00:00.5Z", "2024-03-01T09:00:00.500000Z")]
    public void a_timestamp_in_another_form_is_read_as_the_same_instant(string text, string stored) =>
        Assert.Equal(StoredTime.Read(stored), StoredTime.Read(text));

    [Theory]
    [InlineData("2023-02-29T09:00:00.000000Z")]
    [InlineData("2024-13-01T09:00:00.000000Z")]
    [InlineData("2024-03-01T24:00:00.000000Z")]
    [InlineData("2024-03-01T09:0x:00.000000Z")]
    public void text_of_the_stored_width_that_is_no_time_is_refused(string text) =>
        Assert.Throws<FormatException>(() => StoredTime.Read(text));

    public void Dispose() => _connection.Dispose();

    public static TheoryData<decimal> Amounts => new() { 5m, 5.000m, 0.37m, -12.5m, 0.000000012345678901m, 79228162514264337593543950335m, 0m };

    [Theory]
    [MemberData(nameof(Amounts))]
    public void a_decimal_is_stored_as_the_same_text_as_through_a_command(decimal amount)
    {
        using (var statement = RowStatement.Prepare(_connection, null, "INSERT INTO t (k, amount) VALUES (@k, @amount)", "@k", "@amount"))
        {
            statement.Set(0, "positional");
            statement.Set(1, amount);
            Assert.Equal(1, statement.ExecuteNonQuery());
        }

        using (var command = _connection.Command(null, "INSERT INTO t (k, amount) VALUES ('named', @amount)"))
        {
            command.Add("@amount", amount);
            command.ExecuteNonQuery();
        }

        using var read = _connection.Command(null, "SELECT amount, typeof(amount) FROM t ORDER BY id");
        using var reader = read.ExecuteReader();
        Assert.True(reader.Read());
        var (positional, type) = (reader.GetString(0), reader.GetString(1));
        Assert.True(reader.Read());
        Assert.Equal((reader.GetString(0), reader.GetString(1)), (positional, type));
        Assert.Equal(amount, decimal.Parse(positional, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("BTC/USDT")]
    [InlineData("")]
    [InlineData("ünïcødé ✓ 日本")]
    [InlineData(null)]
    public void text_short_and_long_is_stored_exactly(string? text)
    {
        var values = new[] { text, text is null ? null : string.Concat(Enumerable.Repeat(text + "·", 200)) };
        using var insert = RowStatement.Prepare(_connection, null, "INSERT INTO t (k, amount) VALUES (@k, @amount)", "@k", "@amount");
        for (var i = 0; i < values.Length; i++)
        {
            insert.Set(0, $"text-{i}");
            insert.Set(1, values[i]);
            insert.ExecuteNonQuery();
        }

        using var read = _connection.Command(null, "SELECT amount FROM t ORDER BY id");
        using var reader = read.ExecuteReader();
        foreach (var expected in values)
        {
            Assert.True(reader.Read());
            Assert.Equal(expected, reader.IsDBNull(0) ? null : reader.GetString(0));
        }
    }

    [Fact]
    public void a_statement_runs_for_many_rows_and_returns_ids_and_change_counts()
    {
        using var insert = RowStatement.Prepare(_connection, null, "INSERT INTO t (k, n) VALUES (@k, @n) ON CONFLICT (k) DO NOTHING RETURNING id", "@k", "@n");
        insert.Set(0, "a");
        insert.Set(1, 1L);
        var first = insert.ExecuteInt64();
        insert.Set(0, "b");
        insert.Set(1, 2);
        var second = insert.ExecuteInt64();

        using var again = RowStatement.Prepare(_connection, null, "INSERT INTO t (k) VALUES (@k) ON CONFLICT (k) DO NOTHING", "@k");
        again.Set(0, "a");

        Assert.Equal(first + 1, second);
        Assert.Equal(0, again.ExecuteNonQuery());
        again.Set(0, "c");
        Assert.Equal(1, again.ExecuteNonQuery());
    }

    [Fact]
    public void a_constraint_violation_raises_the_same_error_as_a_command_and_the_statement_stays_usable()
    {
        using var insert = RowStatement.Prepare(_connection, null, "INSERT INTO t (k, parent) VALUES (@k, @parent)", "@k", "@parent");
        insert.Set(0, "orphan");
        insert.Set(1, 42L);
        var positional = Assert.Throws<SqliteException>(() => insert.ExecuteNonQuery());

        using var command = _connection.Command(null, "INSERT INTO t (k, parent) VALUES ('orphan', 42)");
        var named = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        Assert.Equal((named.SqliteErrorCode, named.SqliteExtendedErrorCode, named.Message), (positional.SqliteErrorCode, positional.SqliteExtendedErrorCode, positional.Message));
        insert.Set(1, (object?)null);
        Assert.Equal(1, insert.ExecuteNonQuery());
    }

    [Fact]
    public void a_parameter_the_statement_does_not_name_is_refused_when_prepared()
    {
        var error = Assert.Throws<ArgumentException>(() => RowStatement.Prepare(_connection, null, "INSERT INTO t (k) VALUES (@k)", "@k", "@missing"));

        Assert.Contains("@missing", error.Message, StringComparison.Ordinal);
    }
}
