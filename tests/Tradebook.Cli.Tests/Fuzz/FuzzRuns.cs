using FsCheck;
using Microsoft.FSharp.Core;

namespace Tradebook.Cli.Tests.Fuzz;

/// <summary>
/// How the property tests run. By default, a CI-sized number of cases from a fixed seed: a run is
/// reproducible, and a green suite stays green until the code changes. A hunt for new cases is a
/// developer's choice: <c>TRADEBOOK_FUZZ_RUNS</c> sets how many, <c>TRADEBOOK_FUZZ_SEED</c> another seed
/// (a number, or <c>random</c>); a failure prints the seed that replays it.
/// </summary>
internal static class FuzzRuns
{
    private const ulong DefaultSeed = 20261206;

    public static Config Cases(int ciDefault) => Seeded(Config.QuickThrowOnFailure.WithMaxTest(Count(ciDefault)));

    public static int Count(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("TRADEBOOK_FUZZ_RUNS"), out var runs) && runs > 0 ? runs : ciDefault;

    public static Config Seeded(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var seed = Environment.GetEnvironmentVariable("TRADEBOOK_FUZZ_SEED");
        if (string.Equals(seed, "random", StringComparison.OrdinalIgnoreCase))
        {
            return config;
        }

        var value = ulong.TryParse(seed, out var chosen) ? chosen : DefaultSeed;
        return config.WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(value), FSharpOption<int>.None)));
    }
}
