namespace Tradebook.Core.Domain;

/// <summary>Money that moves without a fill. Only flows attributed to a position count in its P&amp;L.</summary>
public enum CashFlowKind
{
    Deposit,
    Withdrawal,
    Funding,
    Interest,
    Dividend,
    Rebate,
    Transfer,
}
