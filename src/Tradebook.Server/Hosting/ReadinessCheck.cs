using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tradebook.Core;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Health;
using Tradebook.Storage.Migrations;

namespace Tradebook.Server.Hosting;

/// <summary>Ready to serve: the database answers, its schema is this Tradebook's (not older, not newer), and the disk has room.</summary>
public sealed class ReadinessCheck(TradebookDatabase database, ServerOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            DatabaseHealth.Ping(database);
            var migrator = new Migrator(database);
            var status = migrator.Status();
            if (!status.IsCurrent)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy(status.CurrentVersion > migrator.LatestVersion
                    ? $"the schema is at version {status.CurrentVersion}, newer than this Tradebook's {migrator.LatestVersion}: upgrade Tradebook"
                    : $"the schema is at version {status.CurrentVersion} of {migrator.LatestVersion}: run `tradebook migrate`"));
            }

            if (DatabaseHealth.FreeDiskBytes(database) is { } free && free < options.MinFreeDiskBytes)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy($"only {free / (1024 * 1024)} MiB free on the database's disk"));
            }

            return Task.FromResult(HealthCheckResult.Healthy($"{database.Target.Display} at schema version {status.CurrentVersion}"));
        }
        catch (TradebookException e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(RemedyText.Of(e)));
        }
    }
}
