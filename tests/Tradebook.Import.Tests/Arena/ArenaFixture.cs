using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Arena;

namespace Tradebook.Import.Tests.Arena;

/// <summary>Reads the arena sample once for all tests of a class.</summary>
public sealed class ArenaFixture
{
    public static string SamplePath => Path.Combine(AppContext.BaseDirectory, "TestData", "arena", "arena.db");

    public ArenaImport Import { get; } = new ArenaReader().ReadDetailed(SamplePath, new ImportOptions());

    public ArenaBotCheck Bot(string sourceId) => Import.Bots.Single(b => b.SourceId == sourceId);
}
