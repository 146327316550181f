namespace Tradebook.Core.Domain;

// The records a bot (or an importer) hands to Tradebook. Each has a natural key: recording it twice
// has one effect, and the same key with other values is a conflict. Bots and ids are the caller's
// own names; Tradebook assigns its surrogate keys.

/// <summary>A bot: its mode decides which data it may be mixed with.</summary>
public sealed record BotSpec(
    string Name,
    BotMode Mode,
    CostBasisMethod Method = CostBasisMethod.Average,
    string? Exchange = null,
    string? StrategyName = null,
    string? StrategyVersion = null,
    string? Config = null,
    string? User = null);

/// <summary>An execution. Natural key: (bot, id), the exchange's fill id.</summary>
/// <param name="FeeRate">Quote currency per unit of fee currency, when the fee is in a third currency.</param>
/// <param name="OrderId">The bot's id of the order this fill executes, if the order was recorded.</param>
/// <param name="ExchangeOrderId">
/// The exchange's id of the order this fill executes (a ccxt trade's <c>order</c>): kept whether or not the bot
/// records that order, and linking the fill to it once it does.
/// </param>
public sealed record FillRecord(
    string Bot,
    string Id,
    string Symbol,
    Side Side,
    decimal Quantity,
    decimal Price,
    decimal Fee,
    string? FeeCurrency,
    DateTimeOffset Timestamp,
    string? OrderId = null,
    decimal? FeeRate = null,
    Provenance? Provenance = null,
    string? ExchangeOrderId = null);

/// <summary>An order. Natural key: (bot, id), the client order id.</summary>
public sealed record OrderRecord(
    string Bot,
    string Id,
    string Symbol,
    Side Side,
    string Type,
    decimal Quantity,
    decimal? Price,
    string Status,
    DateTimeOffset Timestamp,
    string? ExchangeOrderId = null,
    string? DecisionId = null,
    Provenance? Provenance = null);

/// <summary>What the bot decided and why. Natural key: (bot, id).</summary>
/// <param name="Inputs">The inputs or prompt the decision was made from.</param>
/// <param name="Decision">The decision itself, as JSON text.</param>
public sealed record DecisionRecord(
    string Bot,
    string Id,
    DateTimeOffset Timestamp,
    string? Inputs,
    string Decision,
    string? Notes = null,
    string? Outcome = null,
    IReadOnlyList<string>? SignalIds = null,
    Provenance? Provenance = null,
    ModelUsage? Usage = null);

/// <summary>What a decision made by a language model cost: which model, how many tokens, how long, how much.</summary>
/// <param name="Cost">In the bot's account currency.</param>
public sealed record ModelUsage(
    string? Model,
    string? Provider,
    int? PromptTokens,
    int? ResponseTokens,
    int? LatencyMs,
    decimal? Cost);

/// <summary>A signal a strategy emitted. Natural key: (bot, id).</summary>
public sealed record SignalRecord(
    string Bot,
    string Id,
    string? Symbol,
    DateTimeOffset Timestamp,
    string Signal,
    decimal? Strength = null,
    decimal? Price = null,
    string? Payload = null,
    Provenance? Provenance = null);

/// <summary>The bot's equity at a moment. Natural key: (bot, timestamp).</summary>
public sealed record SnapshotRecord(
    string Bot,
    DateTimeOffset Timestamp,
    decimal Equity,
    decimal? Cash = null,
    string? Currency = null,
    Provenance? Provenance = null);

/// <summary>Money moving without a fill. Natural key: (bot, id). With a symbol it counts in that product's P&amp;L.</summary>
public sealed record CashFlowRecord(
    string Bot,
    string Id,
    CashFlowKind Kind,
    decimal Amount,
    string Currency,
    DateTimeOffset Timestamp,
    string? Symbol = null,
    Provenance? Provenance = null);

/// <summary>An OHLCV bar. Natural key: (symbol, interval, timestamp).</summary>
public sealed record PriceBar(
    string Symbol,
    string Interval,
    DateTimeOffset Timestamp,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal? Volume = null);

/// <summary>Units of <paramref name="Quote"/> per unit of <paramref name="Base"/>. Natural key: (base, quote, timestamp).</summary>
public sealed record FxRate(string Base, string Quote, DateTimeOffset Timestamp, decimal Rate);

/// <summary>A setting, global (scope "global") or a bot's (scope = the bot's name).</summary>
public sealed record Setting(string Scope, string Key, string Value);
