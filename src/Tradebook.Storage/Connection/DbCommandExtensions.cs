using System.Data.Common;

namespace Tradebook.Storage.Connection;

/// <summary>
/// Small helpers for Tradebook's commands: plain ADO.NET with named parameters, read column by column, on the
/// hot paths and in the catalog reads alike (one way to read, and no mapper's per-call cost).
/// </summary>
public static class DbCommandExtensions
{
    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Every row of <paramref name="sql"/>, each made by <paramref name="read"/>.</summary>
    public static List<T> Rows<T>(this DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> read)
    {
        using var command = connection.Command(transaction, sql);
        return command.Rows(read);
    }

    /// <summary>Every row of <paramref name="command"/>, its parameters bound, each made by <paramref name="read"/>.</summary>
    public static List<T> Rows<T>(this DbCommand command, Func<DbDataReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(read);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static DbParameter Add(this DbCommand command, string name, object? value = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static void Set(this DbCommand command, int index, object? value) =>
        command.Parameters[index].Value = value ?? DBNull.Value;

    public static decimal? GetDecimalOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);

    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetInt64OrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
