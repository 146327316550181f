using SQLitePCL;

namespace Tradebook.Storage.Sqlite;

/// <summary>The SQLite engine Tradebook runs on (bundled with it), as the library reports itself.</summary>
public static class SqliteLibrary
{
    /// <summary>The engine's version, e.g. <c>3.53.3</c>.</summary>
    public static string Version
    {
        get
        {
            SqliteBootstrap.EnsureInitialized();
            return raw.sqlite3_libversion().utf8_to_string();
        }
    }

    /// <summary>The engine's version as SQLite numbers it (<c>3053003</c>), the form a database file's header records.</summary>
    public static int VersionNumber
    {
        get
        {
            SqliteBootstrap.EnsureInitialized();
            return raw.sqlite3_libversion_number();
        }
    }

    /// <summary><c>3053003</c> as <c>3.53.3</c>; null for 0, which means no version was recorded.</summary>
    public static string? FormatVersionNumber(int number) =>
        number <= 0 ? null : $"{number / 1_000_000}.{number / 1_000 % 1_000}.{number % 1_000}";
}
