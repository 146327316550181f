using System.Security.Cryptography;
using System.Text.Json;

namespace Tradebook.Import.Tests.Freqtrade;

/// <summary>The real bot databases under TestData/real-dbs and the figures their bots stored.</summary>
internal static class RealDbs
{
    public const string Wal = "danielarroyave28__principia-bot__tradesv3_freqtrade2.sqlite";

    public static readonly string[] FreqtradeFiles =
    [
        "jpiv__CryptoTradingRL__tradesv3.dryrun.sqlite",
        "tooyipjee__freqtrade__tradesv3.sqlite",
        "ronmegini__Trading-Bot__tradesv3.sqlite",
        Wal,
        "smoke22n__GKD_troubleshoot__tradesv3.sqlite",
    ];

    public const string Hummingbot = "edgeware-network__MM-Logs__conf_pure_mm_1.sqlite";

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "real-dbs", file);

    /// <summary>Figures for a file as the tests read it: with its WAL applied when it has one.</summary>
    public static JsonElement Expected(string file, bool mainOnly = false)
    {
        using var stream = File.OpenRead(PathOf("expected.json"));
        var root = JsonDocument.Parse(stream).RootElement.GetProperty(file);
        return !mainOnly && root.TryGetProperty("with_wal", out var wal) ? wal.Clone() : root.GetProperty("main_only").Clone();
    }

    public static string Hash(string path) =>
        File.Exists(path) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) : "absent";

    public static IEnumerable<object[]> FreqtradeCases() => FreqtradeFiles.Select(f => new object[] { f });
}
