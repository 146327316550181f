using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests.Fuzz;

/// <summary>What every run of the CLI on hostile input must show, whatever it was given.</summary>
public static class CliOutcome
{
    /// <summary>The exit codes of README's table (Cli/ExitCodes).</summary>
    public static readonly int[] Documented = [ExitCodes.Ok, ExitCodes.Failed, ExitCodes.Usage, ExitCodes.Conflict, ExitCodes.Locked, ExitCodes.ReadOnlyOrFull, ExitCodes.Schema];

    /// <summary>Runs <paramref name="run"/>; an exception escaping the CLI's entry point is the crash a user would see as a stack trace.</summary>
    public static CliResult Run(Func<CliResult> run, string name)
    {
        try
        {
            return run();
        }
        catch (Exception e)
        {
            Assert.Fail($"{name}: unhandled {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            throw;
        }
    }

    /// <summary>
    /// A documented exit code, no stack trace, and on failure exactly one <c>error:</c> line; stderr holds
    /// nothing but the database line, that error and the notes a command prints on purpose.
    /// </summary>
    public static void AssertClean(CliResult result, string name)
    {
        Assert.True(Documented.Contains(result.ExitCode), $"{name}: undocumented exit code\n{result}");
        Assert.False(result.Error.Contains("   at ", StringComparison.Ordinal) || result.Out.Contains("   at ", StringComparison.Ordinal), $"{name}: stack trace\n{result}");
        if (result.ExitCode != ExitCodes.Ok)
        {
            var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("error: ", StringComparison.Ordinal));
            Assert.True(errors == 1, $"{name}: expected one error line\n{result}");
        }
    }
}
