using System.Globalization;
using System.Runtime.CompilerServices;
using Tradebook.Core;

namespace Tradebook.Storage.Ledger;

/// <summary>The checks a record must pass before it is written; a failure refuses the whole batch.</summary>
internal static class Requirements
{
    public static void Require(bool condition, [InterpolatedStringHandlerArgument(nameof(condition))] ref RequirementMessage message)
    {
        if (!condition)
        {
            throw new TradebookException(ErrorCode.InvalidInput, message.ToStringAndClear());
        }
    }
}

/// <summary>
/// The message of a requirement, formatted only when the requirement fails. Every fill is validated:
/// formatting each message up front would build four strings per fill, most of a large import's garbage.
/// </summary>
[InterpolatedStringHandler]
internal ref struct RequirementMessage
{
    private DefaultInterpolatedStringHandler _text;

    public RequirementMessage(int literalLength, int formattedCount, bool condition, out bool isNeeded)
    {
        isNeeded = !condition;
        _text = isNeeded ? new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.InvariantCulture) : default;
    }

    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

    public string ToStringAndClear() => _text.ToStringAndClear();
}
