using Tradebook.Storage.Connection;
using Tradebook.Storage.Migrations;

namespace Tradebook.Storage.Tests.Infrastructure;

/// <summary>The shipped migrations, changed by a test: extra versions appended, or a shipped script edited.</summary>
public sealed class TestMigrationSource(Func<IReadOnlyList<Migration>, IEnumerable<Migration>> change) : IMigrationSource
{
    public static TestMigrationSource With(params Migration[] extra) => new(shipped => shipped.Concat(extra));

    public IReadOnlyList<Migration> Load(SqlEngine engine) => change(EmbeddedMigrationSource.Instance.Load(engine)).ToList();
}
