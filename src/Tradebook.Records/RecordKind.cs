namespace Tradebook.Records;

/// <summary>
/// The kinds of record Tradebook accepts. Their text is the snake_case name (<c>cash_flow</c>);
/// a group of them in a JSON object is the plural (<c>"cash_flows": [...]</c>).
/// </summary>
public enum RecordKind
{
    Fill,
    Order,
    Decision,
    Signal,
    Snapshot,
    CashFlow,
    PriceBar,
    FxRate,
    Setting,
}
