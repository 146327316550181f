using System.Text.Json;
using Tradebook.Records;

namespace Tradebook.Server.Api;

// The shapes of the write endpoints' bodies, for the OpenAPI document, so that generated clients get
// real schemas. The server reads bodies with the record format's parser (docs/record-format.md), which
// is the single definition of what each field means; these records only describe it.

/// <summary>One bot turn, recorded in one transaction. Records leave out <c>bot</c>: the path names it.</summary>
public sealed record BotTurn(
    IReadOnlyList<SignalInput>? Signals,
    DecisionInput? Decision,
    IReadOnlyList<OrderInput>? Orders,
    IReadOnlyList<FillInput>? Fills,
    SnapshotInput? Snapshot,
    IReadOnlyList<CashFlowInput>? CashFlows)
{
    internal static Type InputType(RecordKind kind) => kind switch
    {
        RecordKind.Fill => typeof(FillInput),
        RecordKind.Order => typeof(OrderInput),
        RecordKind.Decision => typeof(DecisionInput),
        RecordKind.Signal => typeof(SignalInput),
        RecordKind.Snapshot => typeof(SnapshotInput),
        RecordKind.CashFlow => typeof(CashFlowInput),
        _ => typeof(object),
    };
}

/// <summary>An execution. <c>id</c> is the exchange's fill id; <c>ts</c> ISO-8601 or Unix seconds/milliseconds.</summary>
public sealed record FillInput(string Id, string Symbol, string Side, decimal Qty, decimal Price, DateTimeOffset Ts, decimal? Fee = null, string? FeeCurrency = null, decimal? FeeRate = null, string? OrderId = null, string? ExchangeOrderId = null);

/// <summary>An order; <c>decision_id</c> links it to the decision that placed it.</summary>
public sealed record OrderInput(string Id, string Symbol, string Side, decimal Qty, DateTimeOffset Ts, string? Type = null, decimal? Price = null, string? Status = null, string? ExchangeOrderId = null, string? DecisionId = null);

/// <summary>A decision, with the model usage of an LLM-driven bot.</summary>
public sealed record DecisionInput(string Id, DateTimeOffset Ts, JsonElement Decision, string? Inputs = null, string? Notes = null, string? Outcome = null, IReadOnlyList<string>? SignalIds = null, string? Model = null, string? Provider = null, int? PromptTokens = null, int? ResponseTokens = null, int? LatencyMs = null, decimal? Cost = null);

/// <summary>A signal a strategy emitted.</summary>
public sealed record SignalInput(string Id, DateTimeOffset Ts, string Signal, string? Symbol = null, decimal? Strength = null, decimal? Price = null, JsonElement? Payload = null);

/// <summary>The bot's equity at a moment.</summary>
public sealed record SnapshotInput(DateTimeOffset Ts, decimal Equity, decimal? Cash = null, string? Currency = null);

/// <summary>Money moving without a fill: deposit, withdrawal, funding, interest, dividend, rebate, transfer.</summary>
public sealed record CashFlowInput(string Id, string Type, decimal Amount, string Currency, DateTimeOffset Ts, string? Symbol = null);
