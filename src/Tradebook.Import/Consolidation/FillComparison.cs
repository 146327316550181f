using System.Globalization;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Consolidation;

/// <summary>
/// Compares two versions of one fill field by field. Provenance is not a value: the same trade stored
/// under another row id is the same trade. Numbers compare by value (1.0 = 1.00), times as instants.
/// </summary>
public static class FillComparison
{
    public static bool SameValues(FillRecord a, FillRecord b, bool compareFees = true) =>
        a.Bot == b.Bot
        && a.Id == b.Id
        && a.Symbol == b.Symbol
        && a.Side == b.Side
        && a.Quantity == b.Quantity
        && a.Price == b.Price
        && (!compareFees || (a.Fee == b.Fee && a.FeeCurrency == b.FeeCurrency && a.FeeRate == b.FeeRate))
        && a.Timestamp == b.Timestamp
        && a.OrderId == b.OrderId;

    public static IReadOnlyList<FieldDifference> Differences(FillRecord winner, FillRecord other, bool compareFees = true)
    {
        var differences = new List<FieldDifference>();
        void Check<T>(string field, T x, T y, Func<T, string?> text)
        {
            if (!EqualityComparer<T>.Default.Equals(x, y))
            {
                differences.Add(new FieldDifference(field, text(x), text(y)));
            }
        }

        static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
        Check("bot", winner.Bot, other.Bot, v => v);
        Check("id", winner.Id, other.Id, v => v);
        Check("symbol", winner.Symbol, other.Symbol, v => v);
        Check("side", winner.Side, other.Side, v => v.ToText());
        Check<decimal>("quantity", winner.Quantity, other.Quantity, v => Number(v));
        Check<decimal>("price", winner.Price, other.Price, v => Number(v));
        if (compareFees)
        {
            Check<decimal>("fee", winner.Fee, other.Fee, v => Number(v));
            Check("fee_currency", winner.FeeCurrency, other.FeeCurrency, v => v);
            Check("fee_rate", winner.FeeRate, other.FeeRate, Number);
        }

        Check("timestamp", winner.Timestamp, other.Timestamp, v => v.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Check("order_id", winner.OrderId, other.OrderId, v => v);
        return differences;
    }
}
