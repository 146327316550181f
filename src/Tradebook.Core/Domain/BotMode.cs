namespace Tradebook.Core.Domain;

/// <summary>How a bot trades. Mode belongs to the bot; reports never mix modes unless asked.</summary>
public enum BotMode
{
    Live,
    Paper,
    Backtest,
    Test,
}
