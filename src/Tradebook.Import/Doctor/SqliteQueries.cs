using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tradebook.Import.Doctor;

/// <summary>Small helpers for the read-only queries the doctor runs.</summary>
internal static class SqliteQueries
{
    /// <summary>Quotes an identifier read from the schema; table and column names cannot be parameters.</summary>
    public static string Q(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static object? Scalar(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public static long Long(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(Scalar(connection, sql, parameters) ?? 0L, CultureInfo.InvariantCulture);

    public static List<object?[]> Rows(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    /// <summary>A value as stable text, for comparing rows across copies: REAL in round-trip form, BLOB in hex.</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToHexStringLower(b),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
