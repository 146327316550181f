using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tradebook.Core;
using Tradebook.Demo;
using Tradebook.Server;
using Tradebook.Storage.Connection;

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
        var port = new Option<int?>("--port") { Description = "Listen on 127.0.0.1 at this port: short for --urls http://127.0.0.1:PORT." };
        var staleAfter = new Option<int>("--stale-after") { Description = "Seconds without a heartbeat or a write after which a bot shows as stale.", DefaultValueFactory = _ => (int)new ServerOptions().StaleAfter.TotalSeconds };
        var allowedHosts = new Option<string[]>("--allowed-hosts")
        {
            Description = "Host names the server answers to besides localhost and loopback addresses, such as the public name a reverse proxy forwards; any other Host is refused (it guards against DNS rebinding).",
            AllowMultipleArgumentsPerToken = true,
        };
        var corsOrigins = new Option<string[]>("--cors-origin")
        {
            Description = "The origin of a web page of your own (such as http://localhost:3000) that may read and write the API from a browser; repeat or separate with commas. None by default.",
            AllowMultipleArgumentsPerToken = true,
        };
        var demo = new Option<bool>("--demo") { Description = "Start four paper bots that trade a bundled market history through the API, on a fresh database in a temporary folder (unless --db is given)." };
        var demoSpeed = new Option<double>("--demo-speed") { Description = "Hourly bars the demo replays per second.", DefaultValueFactory = _ => new DemoOptions().BarsPerSecond };
        var command = new Command("serve", "Serve the HTTP API, the live event stream and the dashboard.") { urls, port, allowedHosts, corsOrigins, staleAfter, demo, demoSpeed };
        command.SetAction(parse => console.Guard(() =>
        {
            var options = new ServerOptions
            {
                Urls = Listen(parse, urls, port),
                StaleAfter = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(staleAfter))),
                AllowedHosts = List(parse.GetValue(allowedHosts)),
                CorsOrigins = List(parse.GetValue(corsOrigins)),
            };
            TradebookServer.Check(options);
            if (!parse.GetValue(demo))
            {
                using var context = CliContext.From(parse, console, create: true).CreateSchemaIfEmpty();
                Serve(console, context, options);
                return ExitCodes.Ok;
            }

            var speed = parse.GetValue(demoSpeed);
            if (!(speed > 0) || double.IsInfinity(speed))
            {
                throw new TradebookException(ErrorCode.InvalidInput, $"--demo-speed {speed} must be a positive number of bars per second");
            }

            // The demo never writes into the user's own database unless told to with --db.
            var given = parse.GetValue(GlobalOptions.Database);
            var folder = given is null ? Directory.CreateTempSubdirectory("tradebook-demo-").FullName : null;
            var target = folder is null
                ? DatabaseLocator.FromProcess().Resolve(given)
                : DatabaseTarget.Parse(Path.Combine(folder, "tradebook.db"), "--demo: a new database in a temporary folder, deleted when the server stops", folder);
            try
            {
                using var context = CliContext.For(parse, console, target).CreateSchemaIfEmpty();
                var demoOptions = new DemoOptions { BarsPerSecond = speed, Log = console.Error.WriteLine };
                Serve(console, context, options, (address, stopping) => DemoRunner.RunAsync(address, demoOptions, stopping));
            }
            finally
            {
                if (folder is not null)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(folder, recursive: true);
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The values of an option given several times, or separated by commas.</summary>
    private static string[] List(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    /// <summary>Where to listen: <c>--urls</c>, or the loopback address at <c>--port</c>; not both, which would leave one ignored.</summary>
    private static string Listen(ParseResult parse, Option<string> urls, Option<int?> port)
    {
        if (parse.GetValue(port) is not { } given)
        {
            return parse.GetValue(urls)!;
        }

        if (parse.GetResult(urls) is { Implicit: false })
        {
            throw new TradebookException(ErrorCode.InvalidInput, "give --port or --urls, not both");
        }

        return given is >= 1 and <= 65535
            ? $"http://127.0.0.1:{given.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
            : throw new TradebookException(ErrorCode.InvalidInput, $"--port {given.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a port: give 1 to 65535");
    }

    /// <summary>Runs the server until the process is told to stop; says where it listens once it does.</summary>
    internal static void Serve(CliConsole console, CliContext context, ServerOptions options, Func<Uri, CancellationToken, Task>? alongside = null)
    {
        var app = TradebookServer.Build(options, context.Database);
        try
        {
            app.Start();
        }
        catch (IOException e)
        {
            // Kestrel reports a port in use (or not ours to bind) as an IOException at start.
            ((IDisposable)app).Dispose();
            throw new TradebookException(ErrorCode.InvalidInput, $"cannot listen on {options.Urls}: {e.Message.TrimEnd('.')}; choose another port with --port PORT (or --urls http://127.0.0.1:PORT)");
        }

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
