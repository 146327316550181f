using Spectre.Console;

namespace Tradebook.Cli.Output;

/// <summary>
/// Progress bars on stderr while an import reads and writes, one line per step. Drawn only when stderr is a
/// terminal: redirected output (scripts, tests, logs) gets nothing extra.
/// </summary>
internal static class ImportProgress
{
    /// <summary>Runs <paramref name="steps"/> in order, each under its own bar, and returns their results.</summary>
    public static List<T> Run<T>(CliConsole console, IReadOnlyList<(string Description, Func<T> Work)> steps)
    {
        if (!Shown(console))
        {
            return steps.Select(s => s.Work()).ToList();
        }

        var results = new List<T>(steps.Count);
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        terminal.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var tasks = steps.Select(s => context.AddTask(Markup.Escape(s.Description), autoStart: false)).ToList();
                for (var i = 0; i < steps.Count; i++)
                {
                    // A step reports no progress of its own, so its bar pulses until it is done.
                    tasks[i].StartTask();
                    tasks[i].IsIndeterminate = true;
                    results.Add(steps[i].Work());
                    tasks[i].IsIndeterminate = false;
                    tasks[i].Value = tasks[i].MaxValue;
                }
            });
        return results;
    }

    private static bool Shown(CliConsole console) =>
        ReferenceEquals(console.Error, Console.Error) && !Console.IsErrorRedirected;
}
