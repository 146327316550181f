using Spectre.Console;

namespace Tradebook.Cli.Output;

/// <summary>
/// Progress bars on stderr while an import reads and writes, one line per step. Drawn only when stderr is a
/// terminal: redirected output (scripts, tests, logs) gets nothing extra.
/// </summary>
internal static class ImportProgress
{
    /// <summary>Runs <paramref name="steps"/> in order, each under its own bar, and returns their results.</summary>
    public static List<T> Run<T>(CliConsole console, IReadOnlyList<(string Description, Func<T> Work)> steps) =>
        Run(console, steps.Select(s => new ProgressStep<T>(s.Description, null, _ => s.Work())).ToList());

    /// <summary>
    /// As above, for steps that report how far they are: a step with a total gets a bar that fills as
    /// its work reports the amount done; one without pulses until it is done.
    /// </summary>
    public static List<T> Run<T>(CliConsole console, IReadOnlyList<ProgressStep<T>> steps)
    {
        if (!Shown(console))
        {
            return steps.Select(s => s.Work(_ => { })).ToList();
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
                    var task = tasks[i];
                    task.StartTask();
                    if (steps[i].Total is > 0 and var total)
                    {
                        task.MaxValue = total;
                    }
                    else
                    {
                        task.IsIndeterminate = true;
                    }

                    results.Add(steps[i].Work(done => task.Value = done));
                    task.IsIndeterminate = false;
                    task.Value = task.MaxValue;
                }
            });
        return results;
    }

    private static bool Shown(CliConsole console) =>
        ReferenceEquals(console.Error, Console.Error) && !Console.IsErrorRedirected;
}

/// <summary>One step under a progress bar: its total (null when it cannot tell) and its work, given a way to report the amount done.</summary>
internal sealed record ProgressStep<T>(string Description, double? Total, Func<Action<double>, T> Work);
