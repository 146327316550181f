namespace Tradebook.Storage.Sqlite;

/// <summary>The storage class of a value in a SQLite row, numbered as SQLite numbers it (<c>SQLITE_INTEGER</c> …), so that reading it costs a cast.</summary>
public enum SqliteValueType
{
    Integer = 1,
    Float = 2,
    Text = 3,
    Blob = 4,
    Null = 5,
}
