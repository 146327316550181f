using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tradebook.Server;

namespace Tradebook.Cli.Commands;

/// <summary>
/// <c>tradebook serve</c>: the HTTP API, the event stream and the dashboard on the database every other
/// command uses. Ctrl-C or SIGTERM stops taking requests, finishes those in flight, and exits 0.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen; loopback only until Tradebook has authentication.", DefaultValueFactory = _ => new ServerOptions().Urls };
        var staleAfter = new Option<int>("--stale-after") { Description = "Seconds without a heartbeat or a write after which a bot shows as stale.", DefaultValueFactory = _ => (int)new ServerOptions().StaleAfter.TotalSeconds };
        var command = new Command("serve", "Serve the HTTP API, the live event stream and the dashboard.") { urls, staleAfter };
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).CreateSchemaIfEmpty();
            var options = new ServerOptions
            {
                Urls = parse.GetValue(urls)!,
                StaleAfter = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(staleAfter))),
            };
            Serve(console, context, options);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Runs the server until the process is told to stop; says where it listens once it does.</summary>
    internal static void Serve(CliConsole console, CliContext context, ServerOptions options, Func<Uri, CancellationToken, Task>? alongside = null)
    {
        var app = TradebookServer.Build(options, context.Database);
        app.Start();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var url = addresses.FirstOrDefault() ?? options.Urls;
        console.Out.WriteLine($"Tradebook is serving {url}");
        console.Out.WriteLine($"  dashboard {url}/   API reference {url}/scalar/   events {url}/api/v1/events");
        console.Out.WriteLine($"  database  {context.Target.Display} ({context.Target.Engine.ToString().ToLowerInvariant()}, from {context.Target.Rule})");
        console.Out.WriteLine("Press Ctrl-C to stop.");
        console.Out.Flush();
        var stopping = app.Lifetime.ApplicationStopping;
        var companion = alongside?.Invoke(new Uri(url), stopping) ?? Task.CompletedTask;
        app.WaitForShutdown();
        try
        {
            companion.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
        }

        ((IAsyncDisposable)app).DisposeAsync().AsTask().GetAwaiter().GetResult();
        console.Out.WriteLine("Tradebook stopped.");
    }
}
