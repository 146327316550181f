using Tradebook.Core.Domain;
using static Tradebook.Records.Tests.RecordInputs;

namespace Tradebook.Records.Tests;

/// <summary>Values the parser must refuse with one line naming the place, never with a crash or a wrong record.</summary>
public sealed class HostileValueTests
{
    [Fact]
    public void a_fill_whose_value_overflows_a_decimal_is_refused_by_name()
    {
        var error = Refused(FillWith("qty", "\"1e28\""));

        Assert.Contains("input line 1", error, StringComparison.Ordinal);
        Assert.Contains("\"qty\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_fill_whose_quantity_times_price_is_too_large_is_refused()
    {
        var error = Refused(FillWith("qty", "\"1e15\"").Replace("\"price\": \"100\"", "\"price\": \"1e10\"", StringComparison.Ordinal));

        Assert.Contains("qty × price", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"7.9e28\"")]
    [InlineData("79000000000000000000000000000")]
    public void a_cash_flow_beyond_the_largest_amount_is_refused(string amount)
    {
        var error = Refused($$"""{"kind": "cash_flow", "bot": "alpha", "id": "c1", "type": "deposit", "amount": {{amount}}, "currency": "USDT", "ts": "2026-03-02T10:15:00Z"}""");

        Assert.Contains("\"amount\"", error, StringComparison.Ordinal);
        Assert.Contains("largest amount", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData(" { } ")]
    public void an_empty_object_is_a_record_without_its_fields_rather_than_no_records_at_all(string text)
    {
        // An empty object read as "records grouped by kind, none of them" answered 0 records written: a client that
        // serialised an empty map (a bug on its side) was told all was well.
        var error = Refused(text);

        Assert.Contains("input line 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void an_empty_array_and_empty_groups_are_still_nothing_to_record()
    {
        Assert.Equal(0, Parse("[]").Count);
        Assert.Equal(0, Parse("""{"fills": []}""").Count);
    }

    [Fact]
    public void an_id_longer_than_a_name_may_be_is_refused_while_notes_of_any_length_are_kept()
    {
        var error = Refused(FillWith("id", $"\"{new string('x', NameLength.Max + 1)}\""));
        Assert.Contains("\"id\" is 257 characters long", error, StringComparison.Ordinal);

        Assert.Equal(NameLength.Max, Parse(FillWith("id", $"\"{new string('x', NameLength.Max)}\"")).Fills.Single().Id.Length);
        var notes = new string('n', 100_000);
        var decision = Parse($$"""{"kind": "decision", "bot": "alpha", "id": "d1", "ts": "2026-03-02T10:15:00Z", "decision": "hold", "notes": "{{notes}}"}""", RecordKind.Decision);
        Assert.Equal(notes, decision.Decisions.Single().Notes);
    }

    [Fact]
    public void a_value_just_below_the_limit_is_accepted()
    {
        var batch = Parse(FillWith("qty", "\"1e18\""));

        Assert.Equal(1_000_000_000_000_000_000m, batch.Fills.Single().Quantity);
    }

    [Theory]
    [InlineData("10000000000000000")]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    [InlineData("-99999999999")]
    public void a_unix_time_outside_the_representable_years_is_refused(string ts)
    {
        var error = Refused(FillWith("ts", ts));

        Assert.Contains("\"ts\"", error, StringComparison.Ordinal);
        Assert.Contains("Unix time", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"0001-01-01T00:00:00Z\"")]
    [InlineData("\"0001-01-01T00:00:00\"")]
    [InlineData("\"9999-12-31T23:59:59.9999999Z\"")]
    [InlineData("\"1899-12-31T23:59:59Z\"")]
    [InlineData("\"2200-01-01T00:00:00Z\"")]
    [InlineData("-2208988801")]
    [InlineData("7258118400")]
    public void a_time_outside_1900_to_2199_is_refused_as_a_placeholder_or_a_unit_slip(string ts)
    {
        // Recorded, 0001-01-01 (an unset DateTime, Go's zero time) stretched the bot's charts and days across two millennia.
        var error = Refused(FillWith("ts", ts));

        Assert.Contains("\"ts\"", error, StringComparison.Ordinal);
        Assert.Contains("1900 to 2199", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"1900-01-01T00:00:00Z\"", "1900-01-01T00:00:00Z")]
    [InlineData("\"2199-12-31T23:59:59Z\"", "2199-12-31T23:59:59Z")]
    [InlineData("-2208988800", "1900-01-01T00:00:00Z")]
    public void the_first_and_last_times_of_the_range_are_read(string ts, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Parse(FillWith("ts", ts)).Fills.Single().Timestamp);
    }

    [Theory]
    [InlineData("1772446500", "2026-03-02T10:15:00Z")]
    [InlineData("1772446500000", "2026-03-02T10:15:00Z")]
    [InlineData("-1", "1969-12-31T23:59:59Z")]
    [InlineData("1772446500.5", "2026-03-02T10:15:00.5Z")]
    [InlineData("1772446500.123456", "2026-03-02T10:15:00.123456Z")]
    [InlineData("1772446500123.25", "2026-03-02T10:15:00.12325Z")]
    public void unix_seconds_and_milliseconds_are_still_read(string ts, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Parse(FillWith("ts", ts)).Fills.Single().Timestamp);
    }

    [Theory]
    [InlineData("1772446500123456", "2026-03-02T10:15:00.123456Z")]
    [InlineData("1772446500123456789", "2026-03-02T10:15:00.1234567Z")]
    [InlineData("-2208988800000000", "1900-01-01T00:00:00Z")]
    public void unix_microseconds_and_nanoseconds_are_read_as_go_and_python_give_them(string ts, string expected)
    {
        // Go's UnixNano() and Python's time.time_ns() were refused as "not read".
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Parse(FillWith("ts", ts)).Fills.Single().Timestamp);
    }

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"abc\\udc00\"")]
    public void a_lone_surrogate_escape_in_a_string_is_refused(string id)
    {
        var error = Refused(FillWith("id", id));

        Assert.Contains("\"id\"", error, StringComparison.Ordinal);
        Assert.Contains("lone surrogate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_lone_surrogate_escape_inside_a_decision_payload_is_refused()
    {
        var error = Refused("""{"kind": "decision", "bot": "alpha", "id": "d1", "ts": "2026-03-02T10:15:00Z", "decision": {"why": "\udbff"}}""");

        Assert.Contains("decision.why", error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_nul_in_a_string_or_a_field_name_is_refused_naming_where()
    {
        // SQLite kept U+0000 and PostgreSQL refuses it: a store moved to PostgreSQL failed on such a record.
        var inId = Refused(FillWith("id", "\"f\\u00001\""));
        var inPayload = Refused("""{"kind": "decision", "bot": "alpha", "id": "d1", "ts": "2026-03-02T10:15:00Z", "decision": {"why": ["ok", "a\u0000b"]}}""");
        var inName = Refused("""{"kind": "decision", "bot": "alpha", "id": "d1", "ts": "2026-03-02T10:15:00Z", "decision": {"w\u0000hy": 1}}""");

        Assert.Contains("\"id\" holds U+0000", inId, StringComparison.Ordinal);
        Assert.Contains("decision.why[1]", inPayload, StringComparison.Ordinal);
        Assert.Contains("a field name in \"decision\" holds U+0000", inName, StringComparison.Ordinal);
    }

    [Fact]
    public void a_pair_of_surrogate_escapes_is_text_and_accepted()
    {
        Assert.Equal("f\U0001F600", Parse(FillWith("id", "\"f\\ud83d\\ude00\"")).Fills.Single().Id);
    }

    [Fact]
    public void a_key_given_twice_is_refused()
    {
        var error = Refused("""{"bot": "alpha", "id": "f1", "symbol": "BTC/USDT", "side": "buy", "qty": "1", "qty": "1000", "price": "100", "ts": "2026-03-02T10:15:00Z"}""");

        Assert.Contains("\"qty\" is given twice", error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_key_given_twice_through_an_escape_is_refused()
    {
        Assert.Contains("given twice", Refused("""{"bot": "alpha", "id": "f1", "symbol": "BTC/USDT", "side": "buy", "qty": "1", "q\u0074y": "1000", "price": "100", "ts": "2026-03-02T10:15:00Z"}"""), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qty", "quantity")]
    [InlineData("ts", "timestamp")]
    public void two_spellings_of_one_field_are_refused(string given, string other)
    {
        var error = Refused(FillWith(other, given == "qty" ? "\"1000\"" : "\"2026-03-03T00:00:00Z\""));

        Assert.Contains($"\"{given}\"", error, StringComparison.Ordinal);
        Assert.Contains($"\"{other}\"", error, StringComparison.Ordinal);
        Assert.Contains("two spellings of one field", error, StringComparison.Ordinal);
    }

    [Fact]
    public void quantity_alone_is_still_read()
    {
        Assert.Equal(3m, Parse(FillWith("ts", "\"2026-03-02T10:15:00Z\"").Replace("\"qty\": \"1\"", "\"quantity\": \"3\"", StringComparison.Ordinal)).Fills.Single().Quantity);
    }

    [Theory]
    [InlineData("\"-0.5\"")]
    [InlineData("0")]
    public void a_fee_rate_that_is_not_above_zero_is_refused(string rate)
    {
        Assert.Contains("\"fee_rate\"", Refused(FillWith("fee_rate", rate)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1.2")]
    public void an_fx_rate_that_is_not_above_zero_is_refused(string rate)
    {
        Assert.Contains("\"rate\"", Refused($$"""{"kind": "fx_rate", "base": "EUR", "quote": "USD", "ts": "2026-03-02", "rate": {{rate}}}"""), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100", "110", "90", "105", "high")]
    [InlineData("-1", "110", "-2", "100", "open")]
    [InlineData("100", "90", "110", "120", "close")]
    public void a_price_bar_that_cannot_be_is_refused(string open, string low, string high, string close, string named)
    {
        var error = Refused($$"""{"kind": "price_bar", "symbol": "BTC/USDT", "ts": "2026-03-02", "open": {{open}}, "high": {{high}}, "low": {{low}}, "close": {{close}}}""");

        Assert.Contains($"\"{named}\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_sound_price_bar_is_accepted()
    {
        var bar = Parse("""{"kind": "price_bar", "symbol": "BTC/USDT", "ts": "2026-03-02", "open": 100, "high": 110, "low": 90, "close": 105, "volume": 12.5}""").PriceBars.Single();

        Assert.Equal((100m, 110m, 90m, 105m, 12.5m), (bar.Open, bar.High, bar.Low, bar.Close, bar.Volume));
    }

    [Fact]
    public void a_negative_order_price_is_refused()
    {
        var error = Refused("""{"kind": "order", "bot": "alpha", "id": "o1", "symbol": "BTC/USDT", "side": "buy", "qty": "1", "price": "-5", "ts": "2026-03-02T10:15:00Z"}""");

        Assert.Contains("\"price\" is -5", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("BTC/")]
    [InlineData("/USDT")]
    [InlineData("BTC//USDT")]
    [InlineData("BTC/USDT:")]
    [InlineData("BTC /USDT")]
    public void a_symbol_that_names_no_instrument_is_refused(string symbol)
    {
        Assert.Contains("not a symbol", Refused(FillWith("symbol", $"\"{symbol}\"")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"-1\"")]
    [InlineData("\"0\"")]
    public void a_quantity_that_is_not_above_zero_is_refused_before_anything_is_written(string qty)
    {
        Assert.Contains("\"qty\"", Refused(FillWith("qty", qty)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("02/03/2026 10:00")]
    [InlineData("03/02/2026")]
    [InlineData("2 March 2026")]
    [InlineData("Mon, 02 Mar 2026 10:15:00 GMT")]
    [InlineData("2026-3-2T10:15:00Z")]
    [InlineData("2026-02-30T10:15:00Z")]
    [InlineData("2026-03-02T25:00:00Z")]
    [InlineData("2026-03-02T10:15:00+15:00")]
    [InlineData("1772446500")]
    [InlineData("")]
    public void a_time_that_is_not_iso_8601_is_refused(string ts)
    {
        var error = Refused(FillWith("ts", $"\"{ts}\""));

        Assert.Contains("\"ts\"", error, StringComparison.Ordinal);
        Assert.Contains("ISO-8601", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-02T10:15:00Z", "2026-03-02T10:15:00Z")]
    [InlineData("2026-03-02T10:15:00.123456Z", "2026-03-02T10:15:00.123456Z")]
    [InlineData("2026-03-02T12:15:00+02:00", "2026-03-02T10:15:00Z")]
    [InlineData("2026-03-02T05:15:00-0500", "2026-03-02T10:15:00Z")]
    [InlineData("2026-03-02T10:15:00", "2026-03-02T10:15:00Z")]
    [InlineData("2026-03-02 10:15:00Z", "2026-03-02T10:15:00Z")]
    [InlineData("2026-03-02T10:15Z", "2026-03-02T10:15:00Z")]
    [InlineData("2026-03-02", "2026-03-02T00:00:00Z")]
    [InlineData("2026-03-02T10:15:00.123456789Z", "2026-03-02T10:15:00.1234567Z")]
    public void iso_8601_times_are_read_as_documented(string ts, string expected)
    {
        var time = Parse(FillWith("ts", $"\"{ts}\"")).Fills.Single().Timestamp;

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(TimeSpan.Zero, time.Offset);
    }

    [Fact]
    public void an_unknown_field_is_named_with_its_line_and_the_nearest_known_field()
    {
        var input = Fill + "\n" + FillWith("fees", "\"3\"").Replace("\"f1\"", "\"f2\"", StringComparison.Ordinal) + "\n";

        var error = Refused(input);

        Assert.Contains("line 2", error, StringComparison.Ordinal);
        Assert.Contains("unknown field \"fees\"", error, StringComparison.Ordinal);
        Assert.Contains("did you mean \"fee\"", error, StringComparison.Ordinal);
        Assert.Contains("nothing was written", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"kind\": \"order\", \"bot\": \"a\", \"id\": \"o1\", \"symbol\": \"BTC/USDT\", \"side\": \"buy\", \"qty\": 1, \"stauts\": \"filled\", \"ts\": \"2026-03-02\"}", "status")]
    [InlineData("{\"kind\": \"price_bar\", \"symbol\": \"BTC/USDT\", \"ts\": \"2026-03-02\", \"open\": 1, \"high\": 1, \"low\": 1, \"close\": 1, \"volum\": 3}", "volume")]
    [InlineData("{\"kind\": \"cash_flow\", \"bot\": \"a\", \"id\": \"c1\", \"type\": \"deposit\", \"amout\": 5, \"currency\": \"USD\", \"ts\": \"2026-03-02\"}", "amount")]
    public void an_unknown_field_of_any_kind_is_refused(string line, string nearest)
    {
        Assert.Contains($"did you mean \"{nearest}\"", Refused(line), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("feeCurrency", "fee_currency")]
    [InlineData("orderId", "order_id")]
    [InlineData("amount", "qty")]
    [InlineData("size", "qty")]
    [InlineData("commission", "fee")]
    [InlineData("pair", "symbol")]
    [InlineData("time", "ts")]
    [InlineData("trade_id", "id")]
    public void a_field_named_as_other_tools_name_it_is_refused_naming_the_field_it_means(string field, string meant)
    {
        // By spelling alone, "feeCurrency" was nearest to "fee_rate" and "amount" to "bot": the hint misled.
        var error = Refused(FillWith(field, "\"1\""));

        Assert.Contains($"unknown field \"{field}\" in a fill; did you mean \"{meant}\"?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_signal_s_name_and_value_are_pointed_to_its_signal_and_strength()
    {
        var signal = """{"kind": "signal", "bot": "a", "id": "s1", "symbol": "BTC/USDT", "ts": "2026-03-02", "FIELD": "x"}""";

        Assert.Contains("did you mean \"signal\"?", Refused(signal.Replace("FIELD", "name", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("did you mean \"strength\"?", Refused(signal.Replace("FIELD", "value", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void a_field_like_no_known_one_is_refused_without_a_misleading_hint()
    {
        var error = Refused(FillWith("zzyzx", "1"));

        Assert.Contains("unknown field \"zzyzx\" in a fill (known: kind, id, bot", error, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean", error, StringComparison.Ordinal);
    }

    [Fact]
    public void provenance_on_a_kind_that_cannot_keep_it_is_refused_not_dropped()
    {
        var error = Refused("""{"kind": "price_bar", "symbol": "BTC/USDT", "ts": "2026-03-02", "open": 1, "high": 1, "low": 1, "close": 1, "source": "x"}""");

        Assert.Contains("unknown field \"source\" in a price_bar", error, StringComparison.Ordinal);
    }

    [Fact]
    public void an_item_of_a_json_array_is_named_by_its_line()
    {
        var input = "[\n" + Fill + ",\n" + FillWith("fees", "1") + "\n]";

        Assert.Contains("line 3 (item 2)", Refused(input), StringComparison.Ordinal);
    }

    [Fact]
    public void an_item_of_an_object_of_arrays_is_named_by_its_line()
    {
        var input = "{\"fills\": [\n" + Fill + ",\n\n" + FillWith("fees", "1") + "\n]}";

        Assert.Contains("line 4 (fills[1])", Refused(input), StringComparison.Ordinal);
    }

    [Fact]
    public void a_field_name_with_a_newline_is_shown_on_one_line()
    {
        Assert.Contains("\\u000a", Refused(FillWith("fe\\ne", "1")), StringComparison.Ordinal);
    }
}
