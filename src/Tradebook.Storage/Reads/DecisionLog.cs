using System.Data.Common;
using System.Text;
using Tradebook.Core.Accounting;
using Tradebook.Storage.Access;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Reads;

/// <summary>A decision as stored: what the bot was asked, what it decided and why, and what the model cost.</summary>
public sealed record DecisionRow(
    long Id,
    string Bot,
    string ExternalId,
    DateTimeOffset Timestamp,
    string? Inputs,
    string Decision,
    string? Notes,
    string? Outcome,
    string? Model,
    string? Provider,
    int? PromptTokens,
    int? ResponseTokens,
    int? LatencyMs,
    decimal? Cost);

/// <summary>
/// A decision and what followed from it: the signals it cites, its orders, their fills and what those realized.
/// The realized P&amp;L is null when a fill's product has P&amp;L that cannot be known, and <paramref name="PnlUnknown"/>
/// names those products and why, as a bot's flag does.
/// </summary>
public sealed record DecisionTrace(DecisionRow Decision, IReadOnlyList<SignalRow> Signals, IReadOnlyList<OrderRow> Orders, IReadOnlyList<FillRow> Fills, decimal? RealizedPnl, UnknownPnlFlag? PnlUnknown = null);

/// <summary>Which decisions a page holds, newest first; <paramref name="Search"/> matches words of the prompt, the decision and the notes.</summary>
public sealed record DecisionQuery(string? Bot = null, string? Search = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int? Limit = null, string? Cursor = null);

/// <summary>The decisions log, searchable in full text on both engines.</summary>
public sealed class DecisionLog(TradebookDatabase database)
{
    private const string Columns = """
        d.id, b.name, d.external_id, d.ts, d.inputs, d.decision, d.notes, d.outcome, d.model, d.provider, d.prompt_tokens, d.response_tokens, d.latency_ms, d.cost
        FROM decisions d
        JOIN bots b ON b.id = d.bot_id
        """;

    public Page<DecisionRow> Page(CallerScope scope, DecisionQuery query) =>
        database.Read(connection =>
        {
            var limit = PageCursor.Limit(query.Limit);
            // Decoded before any query, so that a bad cursor is refused whether or not there are bots to read.
            var cursor = PageCursor.Decode(query.Cursor);
            var search = SearchTerms(query.Search);
            List<DecisionRow> PageOf(long? botId)
            {
                var where = new PageSql(database, scope)
                    .Where("b.name = @bot", "@bot", query.Bot)
                    .Where("d.bot_id = @bot_id", "@bot_id", botId)
                    .Where(
                        database.Engine == SqlEngine.Sqlite
                            ? "d.id IN (SELECT rowid FROM decisions_search WHERE decisions_search MATCH @search)"
                            : "d.search @@ plainto_tsquery('simple', @search)",
                        "@search",
                        search is null ? null : database.Engine == SqlEngine.Sqlite ? search : string.Join(' ', search.Split(' ').Select(w => w.Trim('"'))))
                    .Where("d.ts >= @from", "@from", query.From)
                    .Where("d.ts < @to", "@to", query.To)
                    .After(cursor, "d.ts", "d.id");
                return Read(connection, where.Sql, command =>
                {
                    where.Bind(command);
                    command.Add("@limit", limit + 1);
                }, "d.ts DESC, d.id DESC LIMIT @limit");
            }

            // A search is answered from the full-text index's matches in one query; a page of every bot's
            // decisions is read bot by bot.
            return search is null
                ? PageSql.PerBot(connection, scope, query.Bot, limit, PageOf, r => (r.Timestamp, r.Id))
                : PageSql.Cut(PageOf(null), limit, r => (r.Timestamp, r.Id));
        });

    /// <summary>The decision with its signals, orders, fills and realized P&amp;L; null when not in scope.</summary>
    public DecisionTrace? Trace(CallerScope scope, long id) =>
        database.Read(connection =>
        {
            var decision = Read(connection, $"d.id = @id AND {scope.Condition("b")}", c => { c.Add("@id", id); scope.Bind(c); }, "d.id").SingleOrDefault();
            if (decision is null)
            {
                return null;
            }

            void Bind(DbCommand c) => c.Add("@id", id);
            var signals = Executions.Signals(connection, "s.id IN (SELECT signal_id FROM decision_signals WHERE decision_id = @id)", Bind);
            var orders = Executions.Orders(connection, "o.decision_id = @id", Bind);
            var fills = Executions.Fills(connection, "o.decision_id = @id", Bind);
            var unknown = UnknownPnlFlag.Of(fills.Select(f => (f.Symbol, f.PnlUnknown)));
            return new DecisionTrace(decision, signals, orders, fills, unknown is null ? fills.Sum(f => f.RealizedPnl!.Value) : null, unknown);
        });

    internal static List<DecisionRow> Read(DbConnection connection, string condition, Action<DbCommand> bind, string orderBy)
    {
        using var command = connection.Command(null, $"SELECT {Columns} WHERE {condition} ORDER BY {orderBy}");
        bind(command);
        using var reader = command.ExecuteReader();
        var rows = new List<DecisionRow>();
        while (reader.Read())
        {
            rows.Add(new DecisionRow(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), StoredTime.Read(reader.GetValue(3)),
                reader.GetStringOrNull(4), reader.GetString(5), reader.GetStringOrNull(6), reader.GetStringOrNull(7), reader.GetStringOrNull(8), reader.GetStringOrNull(9),
                Int(reader, 10), Int(reader, 11), Int(reader, 12), reader.GetDecimalOrNull(13)));
        }

        return rows;
    }

    private static int? Int(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    /// <summary>
    /// The words of a search, each quoted, so that SQLite's FTS5 reads them as words that must all appear
    /// and never as its query syntax (a stray quote, colon or minus would otherwise be an error). Null
    /// when the search holds no word.
    /// </summary>
    private static string? SearchTerms(string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return null;
        }

        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var ch in search + " ")
        {
            if (char.IsLetterOrDigit(ch) || ch == '_')
            {
                word.Append(ch);
            }
            else if (word.Length > 0)
            {
                words.Add($"\"{word}\"");
                word.Clear();
            }
        }

        return words.Count == 0 ? null : string.Join(' ', words);
    }
}
