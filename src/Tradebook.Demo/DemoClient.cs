using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tradebook.Core.Bots;
using Tradebook.Core.Domain;
using Tradebook.Demo.Records;
using Tradebook.Demo.Strategies;

namespace Tradebook.Demo;

/// <summary>
/// The demo bots' side of the HTTP API: the calls any bot makes. Every write is idempotent, so a
/// request that failed for a passing reason (the server starting, a locked database) is sent again.
/// </summary>
internal sealed class DemoClient(HttpClient http, Action<string>? log)
{
    private const int Attempts = 40;

    public Task CreateBotAsync(DemoBotSpec bot, CancellationToken ct) =>
        PostAsync("api/v1/bots", new JsonObject
        {
            ["name"] = bot.Name,
            ["mode"] = DemoBotSpec.Mode,
            ["cost_method"] = bot.CostMethod,
            ["exchange"] = bot.Exchange,
            ["strategy_name"] = bot.StrategyName,
            ["strategy_version"] = bot.StrategyVersion,
        }, ct);

    public Task TurnAsync(string bot, BotTurn turn, CancellationToken ct) =>
        PostAsync($"api/v1/bots/{Uri.EscapeDataString(bot)}/turns", DemoJson.Turn(turn), ct);

    public Task HeartbeatAsync(DemoBotSpec bot, CancellationToken ct) =>
        PostAsync($"api/v1/bots/{Uri.EscapeDataString(bot.Name)}/heartbeat", new JsonObject
        {
            ["status"] = BotStatus.Running.ToText(),
            ["version"] = bot.StrategyVersion,
            ["host"] = "tradebook-demo",
        }, ct);

    public Task RecordsAsync(IEnumerable<JsonObject> records, CancellationToken ct) =>
        PostAsync("api/v1/records", new JsonArray(records.Cast<JsonNode>().ToArray()), ct);

    private async Task PostAsync(string path, JsonNode body, CancellationToken ct)
    {
        var text = body.ToJsonString(DemoJson.Options);
        for (var attempt = 1; ; attempt++)
        {
            string? reason;
            try
            {
                using var content = new StringContent(text, System.Text.Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(path, content, ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                var problem = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (!Transient(response.StatusCode))
                {
                    throw new DemoException($"POST /{path} was refused with {(int)response.StatusCode}: {Detail(problem)}");
                }

                reason = $"{(int)response.StatusCode} {Detail(problem)}";
            }
            catch (HttpRequestException e)
            {
                reason = e.Message;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                reason = "the request timed out";
            }

            if (attempt == Attempts)
            {
                throw new DemoException($"POST /{path} failed {Attempts} times; the last time: {reason}");
            }

            log?.Invoke($"demo: POST /{path} failed ({reason}); trying again");
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt)), ct).ConfigureAwait(false);
        }
    }

    // The server is starting or the database is busy: worth another try. Anything else is a bug to report.
    private static bool Transient(HttpStatusCode status) =>
        status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;

    private static string Detail(string problem)
    {
        try
        {
            using var document = JsonDocument.Parse(problem);
            var root = document.RootElement;
            var code = root.TryGetProperty("code", out var c) ? c.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return detail is null ? problem : code is null ? detail : $"{code}: {detail}";
        }
        catch (JsonException)
        {
            return problem.Length > 300 ? problem[..300] : problem;
        }
    }
}
