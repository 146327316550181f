using Tradebook.Core.Domain;

namespace Tradebook.Core.Tests.Domain;

public sealed class SymbolTests
{
    [Theory]
    [InlineData("BTC/USDT", "BTC", "USDT")]
    [InlineData("btc/usdt", "BTC", "USDT")]
    [InlineData("BTC-USD", "BTC", "USD")]
    [InlineData("ETH_USDC", "ETH", "USDC")]
    [InlineData("SOL/EUR", "SOL", "EUR")]
    [InlineData("1INCH/USDT", "1INCH", "USDT")]
    [InlineData("BTCUSDT", "BTC", "USDT")]
    [InlineData("btcusdt", "BTC", "USDT")]
    [InlineData("BTCUSD", "BTC", "USD")]
    [InlineData("ETHBTC", "ETH", "BTC")]
    [InlineData("BNBFDUSD", "BNB", "FDUSD")]
    [InlineData("XRPTUSD", "XRP", "TUSD")]
    [InlineData("EURUSD", "EUR", "USD")]
    public void a_spot_pair_splits_into_base_and_quote(string text, string baseCurrency, string quote)
    {
        var symbol = Symbol.Parse(text);

        Assert.Equal(new Symbol(text, baseCurrency, quote, InstrumentKind.Spot), symbol);
    }

    [Theory]
    [InlineData("BTC/USDT:USDT", "BTC", "USDT")]
    [InlineData("ETH/USD:ETH", "ETH", "USD")]
    [InlineData("BTCUSDT:USDT", "BTC", "USDT")]
    public void a_settlement_currency_after_a_colon_makes_a_perpetual(string text, string baseCurrency, string quote)
    {
        var symbol = Symbol.Parse(text);

        Assert.Equal(InstrumentKind.Perpetual, symbol.Kind);
        Assert.Equal((baseCurrency, quote), (symbol.Base, symbol.Quote));
        Assert.Equal(text, symbol.Text);
    }

    [Theory]
    [InlineData("ETH-USD-SWAP", "ETH", "USD", InstrumentKind.Perpetual)]
    [InlineData("BTC-USDT-SWAP", "BTC", "USDT", InstrumentKind.Perpetual)]
    [InlineData("BTC-PERP", "BTC", "USD", InstrumentKind.Perpetual)]
    [InlineData("BTCUSDT-PERP", "BTC", "USDT", InstrumentKind.Perpetual)]
    [InlineData("BTC/USDT:USDT-240628", "BTC", "USDT", InstrumentKind.Future)]
    [InlineData("BTC-USD-240628", "BTC", "USD", InstrumentKind.Future)]
    [InlineData("BTCUSD_240628", "BTC", "USD", InstrumentKind.Future)]
    [InlineData("ETH-20241227", "ETH", "USD", InstrumentKind.Future)]
    public void a_contract_suffix_names_a_perpetual_or_a_dated_future(string text, string baseCurrency, string quote, InstrumentKind kind)
    {
        Assert.Equal(new Symbol(text, baseCurrency, quote, kind), Symbol.Parse(text));
    }

    [Theory]
    [InlineData("AAPL", "AAPL")]
    [InlineData("aapl.us", "AAPL.US")]
    [InlineData("BRK.B", "BRK.B")]
    public void a_bare_ticker_is_a_stock_in_the_default_quote(string text, string baseCurrency)
    {
        Assert.Equal(new Symbol(text, baseCurrency, "USD", InstrumentKind.Stock), Symbol.Parse(text));
        Assert.Equal("EUR", Symbol.Parse(text, "eur").Quote);
    }

    [Fact]
    public void surrounding_space_is_trimmed_from_the_text()
    {
        Assert.Equal(new Symbol("BTC/USDT", "BTC", "USDT", InstrumentKind.Spot), Symbol.Parse("  BTC/USDT \t"));
    }

    [Fact]
    public void a_known_quote_is_not_taken_for_the_whole_symbol()
    {
        // "BTC" alone is a ticker, not an empty base quoted in BTC.
        var symbol = Symbol.Parse("BTC");

        Assert.Equal(("BTC", "USD", InstrumentKind.Stock), (symbol.Base, symbol.Quote, symbol.Kind));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void an_empty_symbol_is_refused(string text)
    {
        Assert.Throws<ArgumentException>(() => Symbol.Parse(text));
    }

    [Fact]
    public void a_null_symbol_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => Symbol.Parse(null!));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("BTC/")]
    [InlineData("-USD")]
    [InlineData("BTC//USDT")]
    [InlineData("BTC/USDT:")]
    [InlineData("BTC /USDT")]
    [InlineData("BTC/US\u0000DT")]
    [InlineData("")]
    public void input_that_names_no_instrument_is_refused_with_a_reason(string text)
    {
        Assert.False(Symbol.TryParse(text, out var symbol, out var problem));
        Assert.Null(symbol);
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Theory]
    [InlineData("BTC/USDT")]
    [InlineData("ETH/USDT:USDT")]
    [InlineData("BTC/USDT:USDT-240628")]
    [InlineData("ETH-USD-SWAP")]
    [InlineData("0005.HK/HKD")]
    [InlineData(" AAPL ")]
    public void every_documented_spelling_parses(string text)
    {
        Assert.True(Symbol.TryParse(text, out var symbol, out _));
        Assert.Equal(Symbol.Parse(text), symbol);
    }
}
