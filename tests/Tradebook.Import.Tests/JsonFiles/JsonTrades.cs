using Tradebook.Import.Sources;
using Tradebook.Import.Sources.JsonFiles;

namespace Tradebook.Import.Tests.JsonFiles;

/// <summary>A bot's folder holding one file of trades, written and read by the JSON-files reader.</summary>
internal static class JsonTrades
{
    public static JsonFilesImport Read(params string[] trades)
    {
        var folder = Directory.CreateTempSubdirectory("tradebook-jsontrades-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "trades.json"), "[" + string.Join(",\n", trades) + "]");
            return new JsonFilesReader().ReadDetailed(folder, new ImportOptions(BotName: "trades"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
