using System.Text.Json.Nodes;
using Tradebook.Core.Domain;

namespace Tradebook.Demo.Records;

// A bot turn as POST /api/v1/bots/{bot}/turns takes it: each object in the record format's field
// names (docs/record-format.md), without "bot". DemoJson writes them in snake_case.

/// <summary>A signal a strategy emitted.</summary>
public sealed record DemoSignal(string Id, string? Symbol, DateTimeOffset Ts, string Signal, decimal? Strength = null, decimal? Price = null, JsonObject? Payload = null);

/// <summary>
/// What the bot decided and why. An LLM-driven bot also says which model answered, how many tokens the
/// prompt and the response took, how long it waited and what it cost.
/// </summary>
/// <param name="Inputs">The inputs or the prompt: a JSON object, or the prompt's text.</param>
/// <param name="Decision">The decision itself, as JSON.</param>
/// <param name="Notes">The reasoning, in words.</param>
public sealed record DemoDecision(string Id, DateTimeOffset Ts, JsonNode? Inputs, JsonNode Decision, string? Notes = null, string? Outcome = null, IReadOnlyList<string>? SignalIds = null)
{
    public string? Model { get; init; }

    public string? Provider { get; init; }

    public int? PromptTokens { get; init; }

    public int? ResponseTokens { get; init; }

    public int? LatencyMs { get; init; }

    /// <summary>What the model call cost, in US dollars.</summary>
    public decimal? Cost { get; init; }
}

/// <summary>An order; the demo's orders fill in the turn that places them.</summary>
public sealed record DemoOrder(string Id, string Symbol, Side Side, string Type, decimal Qty, decimal? Price, string Status, DateTimeOffset Ts, string? DecisionId = null);

/// <summary>An execution of an order.</summary>
public sealed record DemoFill(string Id, string Symbol, Side Side, decimal Qty, decimal Price, decimal Fee, string FeeCurrency, DateTimeOffset Ts, string? OrderId = null);

/// <summary>The bot's equity, and cash for a spot bot, at the end of a turn.</summary>
public sealed record DemoSnapshot(DateTimeOffset Ts, decimal Equity, decimal? Cash, string Currency);

/// <summary>Money that moves without a fill: the opening deposit, funding of a perpetual.</summary>
public sealed record DemoCashFlow(string Id, CashFlowKind Type, decimal Amount, string Currency, DateTimeOffset Ts, string? Symbol = null);

/// <summary>Everything one bot writes for one bar, in one request.</summary>
public sealed record BotTurn(
    IReadOnlyList<DemoSignal> Signals,
    DemoDecision? Decision,
    IReadOnlyList<DemoOrder> Orders,
    IReadOnlyList<DemoFill> Fills,
    DemoSnapshot? Snapshot,
    IReadOnlyList<DemoCashFlow> CashFlows);
