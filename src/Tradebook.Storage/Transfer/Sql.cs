namespace Tradebook.Storage.Transfer;

/// <summary>Identifiers taken from the schema catalog, quoted so that names like <c>key</c> or <c>open</c> are never read as keywords.</summary>
internal static class Sql
{
    public static string Quote(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
