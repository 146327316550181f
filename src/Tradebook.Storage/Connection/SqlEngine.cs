namespace Tradebook.Storage.Connection;

/// <summary>The database engines Tradebook runs on.</summary>
public enum SqlEngine
{
    Sqlite,
    Postgres,
}
