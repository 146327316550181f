namespace Tradebook.Demo.Market;

/// <summary>The state of the whole market in an hour: it sets the drift, and the basis of perpetuals.</summary>
public enum MarketRegime
{
    /// <summary>No drift; prices lean back toward a slow moving average.</summary>
    Range,

    /// <summary>Upward drift; perpetuals trade above spot and longs pay funding.</summary>
    Bull,

    /// <summary>Downward drift; perpetuals trade below spot and shorts pay funding.</summary>
    Bear,
}
