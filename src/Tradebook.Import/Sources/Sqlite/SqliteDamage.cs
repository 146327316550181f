using Microsoft.Data.Sqlite;
using Tradebook.Core;

namespace Tradebook.Import.Sources;

/// <summary>
/// A source file SQLite reports as damaged. Nothing of it is imported: a damaged page can hold rows that read
/// wrong, not only rows that do not read, and an import that took what it could would pass them on as the
/// bot's history. The refusal names the file, says what still reads, and gives the way to salvage it.
/// </summary>
public static class SqliteDamage
{
    private const int Corrupt = 11;
    private const int NotADatabase = 26;

    /// <summary>True when <paramref name="error"/> is SQLite saying a file is damaged (not locked, not missing).</summary>
    public static bool IsDamage(Exception error) => error is SqliteException { SqliteErrorCode: Corrupt or NotADatabase };

    /// <summary>Runs a read of <paramref name="file"/>; damage becomes the refusal that names it.</summary>
    public static T Guard<T>(string file, Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read();
        }
        catch (SqliteException e) when (IsDamage(e))
        {
            throw Refusal(file, e);
        }
    }

    /// <summary>
    /// The damage SQLite finds in a file its readers could not recognise, or null when it finds none (then it is
    /// a sound file of a shape no reader knows).
    /// </summary>
    public static TradebookException? Check(string file)
    {
        try
        {
            using var copy = SqliteSourceCopy.Create(file);
            using var connection = copy.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check(1)";
            var result = Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            return result == "ok" ? null : Refusal(file, new InvalidDataException(result));
        }
        catch (SqliteException e) when (IsDamage(e))
        {
            return Refusal(file, e);
        }
    }

    /// <summary>One line: the file is damaged, what SQLite said, what still reads, and what to do.</summary>
    public static TradebookException Refusal(string file, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        var said = cause is SqliteException sqlite ? sqlite.Message.Replace("SQLite Error ", "error ", StringComparison.Ordinal).TrimEnd('.') : cause.Message;
        var full = Path.GetFullPath(file);
        return new TradebookException(
            ErrorCode.DatabaseCorrupt,
            $"{full} is damaged (SQLite: {said}); nothing was imported. {Readable(full)}. "
            + $"Restore it from a backup, or salvage what SQLite can from a copy (`sqlite3 COPY .recover | sqlite3 recovered.db`) and import recovered.db, "
            + "whose report says which tables it lacks",
            Remedy.CheckForDamage(Path.GetDirectoryName(full) ?? full),
            cause);
    }

    /// <summary>
    /// Each table read row by row from its start, as an import reads it: whole, or up to the damage. Rows past a
    /// damaged page may still exist; salvage tools find some of them.
    /// </summary>
    private static string Readable(string file)
    {
        SqliteSourceCopy copy;
        try
        {
            copy = SqliteSourceCopy.Create(file);
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            return "SQLite cannot open it at all";
        }

        using (copy)
        {
            SqliteConnection connection;
            List<string> names;
            try
            {
                connection = copy.Open();
                names = [.. SqliteFiles.Tables(connection).Keys];
            }
            catch (SqliteException)
            {
                return "Its list of tables cannot be read, so no table can be found in it";
            }

            var whole = new List<string>();
            var cut = new List<string>();
            foreach (var name in names)
            {
                var rows = 0L;
                try
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = $"SELECT * FROM {SqliteFiles.Quote(name)}";
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        rows++;
                    }

                    whole.Add($"{name} ({rows} rows)");
                }
                catch (SqliteException)
                {
                    cut.Add(rows == 0 ? $"{name} (no row)" : $"{name} ({rows} rows, then the damage)");
                }
            }

            connection.Dispose();

            return (whole.Count, cut.Count) switch
            {
                (_, 0) => $"Every table reads whole ({string.Join(", ", whole)}): the damage is in an index or in free pages, which the read met",
                (0, _) => $"No table reads whole: {string.Join(", ", cut)}",
                _ => $"Tables that read whole: {string.Join(", ", whole)}; damaged: {string.Join(", ", cut)}",
            };
        }
    }
}
