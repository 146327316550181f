using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;
using static Tradebook.Storage.Ledger.UniqueRows;

namespace Tradebook.Storage.Ledger;

/// <summary>Records market data: price bars and exchange rates.</summary>
internal sealed class MarketDataRecorder(WriteContext context, NaturalKeys keys, UniqueRows rows)
{
    public void RecordPriceBars(IReadOnlyList<PriceBar> bars)
    {
        foreach (var b in bars)
        {
            var (instrument, _) = keys.Instrument(b.Symbol);
            rows.Insert(
                "price_bars",
                $"{b.Interval} bar of {b.Symbol} at {b.Timestamp:O}",
                null,
                "SELECT open, high, low, close FROM price_bars WHERE instrument_id = @instrument AND timeframe = @timeframe AND ts = @ts",
                c => { c.Add("@instrument", instrument); c.Add("@timeframe", b.Interval); c.Add("@ts", context.Database.Timestamp(b.Timestamp)); },
                r => Diff("open", r.GetDecimal(0), b.Open).Concat(Diff("high", r.GetDecimal(1), b.High)).Concat(Diff("low", r.GetDecimal(2), b.Low)).Concat(Diff("close", r.GetDecimal(3), b.Close)),
                "INSERT INTO price_bars (instrument_id, timeframe, ts, open, high, low, close, volume, import_batch_id) VALUES (@instrument, @timeframe, @ts, @open, @high, @low, @close, @volume, @batch)",
                c =>
                {
                    c.Add("@instrument", instrument);
                    c.Add("@timeframe", b.Interval);
                    c.Add("@ts", context.Database.Timestamp(b.Timestamp));
                    c.Add("@open", b.Open);
                    c.Add("@high", b.High);
                    c.Add("@low", b.Low);
                    c.Add("@close", b.Close);
                    c.Add("@volume", b.Volume);
                    c.Add("@batch", context.ImportBatchId);
                });
        }
    }

    public void RecordFxRates(IReadOnlyList<FxRate> rates)
    {
        foreach (var r in rates)
        {
            var (fxBase, fxQuote) = (r.Base.Trim().ToUpperInvariant(), r.Quote.Trim().ToUpperInvariant());
            rows.Insert(
                "fx_rates",
                $"{fxBase}/{fxQuote} rate at {r.Timestamp:O}",
                null,
                "SELECT rate FROM fx_rates WHERE base = @base AND quote = @quote AND ts = @ts",
                c => { c.Add("@base", fxBase); c.Add("@quote", fxQuote); c.Add("@ts", context.Database.Timestamp(r.Timestamp)); },
                reader => Diff("rate", reader.GetDecimal(0), r.Rate),
                "INSERT INTO fx_rates (base, quote, ts, rate, import_batch_id) VALUES (@base, @quote, @ts, @rate, @batch)",
                c =>
                {
                    c.Add("@base", fxBase);
                    c.Add("@quote", fxQuote);
                    c.Add("@ts", context.Database.Timestamp(r.Timestamp));
                    c.Add("@rate", r.Rate);
                    c.Add("@batch", context.ImportBatchId);
                });
        }
    }
}
