using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Migrations;

/// <summary>Where migrations come from: the scripts shipped with Tradebook, or a test's own.</summary>
public interface IMigrationSource
{
    /// <summary>The migrations for <paramref name="engine"/>, ordered by version.</summary>
    IReadOnlyList<Migration> Load(SqlEngine engine);
}
