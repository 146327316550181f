using System.Data.Common;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Transfer;

/// <summary>
/// Inserts one table's rows on the target in multi-row INSERTs, each a prepared command whose
/// parameters are reused batch after batch; a last, shorter command takes the remainder.
/// </summary>
internal sealed class TableCopier(TradebookDatabase target, DbConnection connection, DbTransaction transaction, TransferTable table, int rowsPerStatement) : IDisposable
{
    private readonly List<object[]> _pending = new(rowsPerStatement);
    private DbCommand? _full;

    public long Inserted { get; private set; }

    /// <summary>
    /// PostgreSQL: many rows per statement, since each statement is a network round trip. SQLite: one,
    /// since there is no round trip and Microsoft.Data.Sqlite looks up every parameter by name, which
    /// makes a statement's cost grow with the square of its parameters (measured: 100,000 fills took
    /// 47 s at 500 rows per statement, 3.5 s at one).
    /// </summary>
    public static int DefaultRowsPerStatement(SqlEngine engine) => engine == SqlEngine.Sqlite ? 1 : 500;

    /// <summary>The largest batch that keeps a statement well under every engine's parameter limit (SQLite: 32766).</summary>
    public static int RowsPerStatement(TransferTable table, int wanted) => Math.Clamp(Math.Min(wanted, 30_000 / table.Columns.Count), 1, 30_000);

    /// <summary>Queues a row of target values; runs a statement when a batch is full. True when it did.</summary>
    public bool Add(object[] row)
    {
        _pending.Add(row);
        if (_pending.Count < rowsPerStatement)
        {
            return false;
        }

        _full ??= Prepare(rowsPerStatement);
        Execute(_full);
        return true;
    }

    /// <summary>Writes what is still queued.</summary>
    public void Flush()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        using var tail = Prepare(_pending.Count);
        Execute(tail);
    }

    public void Dispose() => _full?.Dispose();

    private void Execute(DbCommand command)
    {
        var columns = table.Columns.Count;
        for (var r = 0; r < _pending.Count; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                command.Parameters[(r * columns) + c].Value = _pending[r][c];
            }
        }

        command.ExecuteNonQuery();
        Inserted += _pending.Count;
        _pending.Clear();
    }

    private DbCommand Prepare(int rows)
    {
        var names = string.Join(", ", table.Columns.Select(c => Sql.Quote(c.Name)));
        var values = Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", table.Columns.Select((c, i) => Placeholder(c, $"@p{r}_{i}"))) + ")");
        var command = connection.Command(transaction, $"INSERT INTO {Sql.Quote(table.Name)} ({names}) VALUES {string.Join(", ", values)}");
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < table.Columns.Count; i++)
            {
                command.Add($"@p{r}_{i}");
            }
        }

        command.Prepare();
        return command;
    }

    // Decimals travel as exact text; PostgreSQL is told to read it as NUMERIC, SQLite stores the text.
    private string Placeholder(TransferColumn column, string name) =>
        column.Kind == ColumnKind.Decimal && target.Engine == SqlEngine.Postgres ? $"CAST({name} AS numeric)" : name;
}
