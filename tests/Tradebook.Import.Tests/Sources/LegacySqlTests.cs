using Microsoft.Data.Sqlite;
using SQLitePCL;
using Tradebook.Import.Doctor;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.GenericTrades;
using Tradebook.Import.Tests.GenericTrades;

namespace Tradebook.Import.Tests.Sources;

/// <summary>
/// Sources whose schema an older SQLite accepted. The bundled SQLite is built without double-quoted
/// string literals ("sell" for 'sell'); a bot's views and triggers written with them must still read.
/// </summary>
public sealed class LegacySqlTests
{
    [Fact]
    public void a_source_whose_views_and_triggers_use_double_quoted_literals_is_imported_and_scanned()
    {
        using var db = new ScratchDatabase("""
            CREATE TABLE trades (id INTEGER PRIMARY KEY, trade_id TEXT, symbol TEXT, side TEXT, qty TEXT, price TEXT, time TEXT, note TEXT);
            INSERT INTO trades (trade_id, symbol, side, qty, price, time) VALUES ('t1', 'BTC/USDT', 'buy', '1', '100', '2024-03-01 10:00:00');
            INSERT INTO trades (trade_id, symbol, side, qty, price, time) VALUES ('t2', 'BTC/USDT', 'sell', '1', '110', '2024-03-01 11:00:00');
            """);
        using (var connection = db.Open())
        {
            // As the bot's own SQLite (Python's, an older build) wrote them.
            AcceptDoubleQuotedLiterals(connection);
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE VIEW sell_count AS SELECT count(*) AS sells FROM trades WHERE side = "sell";
                CREATE TRIGGER noted AFTER INSERT ON trades WHEN new.note IS NULL BEGIN UPDATE trades SET note = "imported" WHERE id = new.id; END;
                CREATE INDEX buys ON trades (time) WHERE side = "buy";
                """;
            command.ExecuteNonQuery();
        }

        var set = new GenericTradesReader().Read(db.Path, new ImportOptions());
        var report = DoctorScanner.Scan([db.Path], TimeProvider.System);

        Assert.Equal(["t1", "t2"], set.Fills.Select(f => f.Id));
        var scanned = Assert.Single(report.Databases);
        Assert.Null(scanned.Error);
        Assert.True(scanned.IntegrityOk);
    }

    [Fact]
    public void the_source_connection_reads_a_view_with_double_quoted_literals()
    {
        using var db = new ScratchDatabase("CREATE TABLE trades (id INTEGER PRIMARY KEY, side TEXT); INSERT INTO trades (side) VALUES ('sell'), ('buy');");
        using (var connection = db.Open())
        {
            AcceptDoubleQuotedLiterals(connection);
            using var command = connection.CreateCommand();
            command.CommandText = """CREATE VIEW sells AS SELECT * FROM trades WHERE side = "sell";""";
            command.ExecuteNonQuery();
        }

        using var source = SqliteSourceCopy.Create(db.Path);
        using var reader = source.Open();
        using var query = reader.CreateCommand();
        query.CommandText = "SELECT count(*) FROM sells";

        Assert.Equal(1L, query.ExecuteScalar());
    }

    private static void AcceptDoubleQuotedLiterals(SqliteConnection connection)
    {
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_db_config(connection.Handle, raw.SQLITE_DBCONFIG_DQS_DDL, 1, out _));
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_db_config(connection.Handle, raw.SQLITE_DBCONFIG_DQS_DML, 1, out _));
    }
}
