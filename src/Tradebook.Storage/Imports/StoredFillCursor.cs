using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Storage.Imports;

/// <summary>
/// The stored fills of one bot in the byte order of their ids' UTF-8 (<see cref="Utf8Order"/>), walked one at a
/// time beside a source's fills in the same order: the natural-key index gives that order, so nothing is held
/// but the current row. Opened through <see cref="StoredFills"/>.
/// </summary>
public abstract class StoredFillCursor : IDisposable
{
    private const string Select = "SELECT external_id, import_batch_id, quantity, fee FROM fills WHERE bot_id = {0} ORDER BY external_id";

    /// <summary>False once every fill of the bot was walked.</summary>
    public bool HasRow { get; protected set; }

    /// <summary>The import batch that wrote the current fill; null for a fill recorded by a bot.</summary>
    public abstract long? Batch { get; }

    public abstract decimal Quantity { get; }

    public abstract decimal Fee { get; }

    /// <summary>The current fill's id, as a string: for messages only.</summary>
    public abstract string Id { get; }

    /// <summary>
    /// A cursor over <paramref name="botId"/>'s fills. On SQLite it runs on <paramref name="shared"/> beside the
    /// other bots' cursors; PostgreSQL serves one query at a time per connection, so it opens its own.
    /// </summary>
    internal static StoredFillCursor Open(Connection.TradebookDatabase database, DbConnection shared, long botId) =>
        shared is SqliteConnection sqlite
            ? new SqliteCursor(sqlite, string.Format(CultureInfo.InvariantCulture, Select, botId))
            : new CommandCursor(database.Open(), string.Format(CultureInfo.InvariantCulture, Select, botId) + " COLLATE \"C\"");

    /// <summary>The current fill's id against <paramref name="id"/>, in the byte order of their UTF-8.</summary>
    public abstract int CompareTo(string id);

    public abstract void Next();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    /// <summary>
    /// Ids and decimals read from SQLite's UTF-8, without a string per row (a verification walks every fill of
    /// an import). Values other than text convert as Microsoft.Data.Sqlite converts them.
    /// </summary>
    private sealed class SqliteCursor : StoredFillCursor
    {
        private readonly SqliteRows _rows;

        public SqliteCursor(SqliteConnection connection, string sql)
        {
            _rows = new SqliteRows(connection, sql);
            Next();
        }

        public override long? Batch => _rows.IsNull(1) ? null : _rows.Int64(1);

        public override decimal Quantity => Decimal(2);

        public override decimal Fee => Decimal(3);

        public override string Id => _rows.String(0);

        public override int CompareTo(string id) =>
            _rows.Type(0) == SqliteValueType.Text ? Utf8Order.Compare(_rows.Utf8(0), id) : Utf8Order.Compare(Encoding.UTF8.GetBytes(_rows.String(0)), id);

        public override void Next() => HasRow = _rows.Read();

        protected override void Dispose(bool disposing) => _rows.Dispose();

        /// <summary>A stored decimal, parsed as Microsoft.Data.Sqlite's GetDecimal parses it.</summary>
        private decimal Decimal(int ordinal) =>
            _rows.Type(ordinal) == SqliteValueType.Text
                ? decimal.Parse(_rows.Utf8(ordinal), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture)
                : decimal.Parse(_rows.String(ordinal), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
    }

    private sealed class CommandCursor : StoredFillCursor
    {
        private readonly DbConnection _connection;
        private readonly DbCommand _command;
        private readonly DbDataReader _reader;

        public CommandCursor(DbConnection connection, string sql)
        {
            _connection = connection;
            _command = connection.CreateCommand();
            _command.CommandText = sql;
            _reader = _command.ExecuteReader();
            Next();
        }

        public override long? Batch => _reader.IsDBNull(1) ? null : _reader.GetInt64(1);

        public override decimal Quantity => _reader.GetDecimal(2);

        public override decimal Fee => _reader.GetDecimal(3);

        public override string Id => _reader.GetString(0);

        public override int CompareTo(string id) => Utf8Order.Compare(Id, id);

        public override void Next() => HasRow = _reader.Read();

        protected override void Dispose(bool disposing)
        {
            _reader.Dispose();
            _command.Dispose();
            _connection.Dispose();
        }
    }
}
