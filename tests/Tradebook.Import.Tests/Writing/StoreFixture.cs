using System.Globalization;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Migrations;

namespace Tradebook.Import.Tests.Writing;

/// <summary>A fresh, migrated Tradebook database in a temporary folder, with helpers to look inside it.</summary>
internal sealed class TempStore : IDisposable
{
    public TempStore(string name = "tradebook.db")
    {
        Folder = Directory.CreateTempSubdirectory("tradebook-write-").FullName;
        Path = System.IO.Path.Combine(Folder, name);
        Database = new TradebookDatabase(DatabaseTarget.Parse(Path, "test", Folder));
        new Migrator(Database).Migrate();
    }

    public string Folder { get; }

    public string Path { get; }

    public TradebookDatabase Database { get; }

    public static TimeProvider Clock => TimeProvider.System;

    public long Scalar(string sql) => Database.Run(connection =>
    {
        using var command = connection.Command(null, sql);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    });

    /// <summary>Every row of a query as text, for comparing two stores' contents.</summary>
    public List<string> Rows(string sql) => Database.Run(connection =>
    {
        using var command = connection.Command(null, sql);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    });

    /// <summary>Positions and rollups by bot and symbol, without surrogate ids (which a rebuild renumbers).</summary>
    public List<string> Accounts() =>
    [
        .. Rows("""
            SELECT b.name, i.symbol, r.quantity, r.entry_notional, r.entry_fees, r.realized_pnl, r.fees, r.cash_flow_pnl, r.trades, r.wins, r.fills, r.last_fill_at
            FROM product_rollups r JOIN bots b ON b.id = r.bot_id JOIN instruments i ON i.id = r.instrument_id ORDER BY 1, 2
            """),
        .. Rows("""
            SELECT b.name, i.symbol, p.direction, p.status, p.opened_at, p.closed_at, p.max_quantity, p.realized_pnl, p.fees
            FROM positions p JOIN bots b ON b.id = p.bot_id JOIN instruments i ON i.id = p.instrument_id ORDER BY 1, 2, 5
            """),
        .. Rows("""
            SELECT b.name, i.symbol, d.day, d.realized_pnl, d.fees, d.fills, d.trades, d.wins
            FROM daily_rollups d JOIN bots b ON b.id = d.bot_id JOIN instruments i ON i.id = d.instrument_id ORDER BY 1, 2, 3
            """),
        .. Rows("""
            SELECT b.name, f.external_id, f.realized_pnl, f.fee_quote FROM fills f JOIN bots b ON b.id = f.bot_id ORDER BY 1, 2
            """),
    ];

    /// <summary>Every table's row count and the import batches, to show nothing changed.</summary>
    public List<string> Fingerprint()
    {
        var tables = Rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        return [.. tables.Select(t => $"{t}={Scalar($"SELECT COUNT(*) FROM \"{t}\"")}"), .. Rows("SELECT * FROM import_batches ORDER BY id")];
    }

    public void Dispose()
    {
        Database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
