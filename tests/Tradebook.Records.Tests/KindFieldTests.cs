using Tradebook.Core;
using static Tradebook.Records.Tests.RecordInputs;

namespace Tradebook.Records.Tests;

/// <summary>The <c>kind</c> field names what a record is; a record's own kind of thing has a field of its own.</summary>
public sealed class KindFieldTests
{
    [Fact]
    public void a_cash_flow_whose_kind_field_holds_its_type_is_told_to_write_it_as_type()
    {
        // Read as the record's kind, "deposit" was answered "unknown kind 'deposit'; expected one of fill, order, …",
        // which names everything but the field the cash flow needed.
        var error = Refused("""{"bot":"alpha","id":"c1","kind":"deposit","amount":"100","currency":"USDT","ts":"2026-12-01T10:00:00Z"}""", RecordKind.CashFlow);

        Assert.Contains("\"type\": \"deposit\"", error, StringComparison.Ordinal);
        Assert.Contains("input line 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_kind_that_is_neither_a_record_kind_nor_a_cash_flow_type_is_an_unknown_kind()
    {
        var error = Refused("""{"bot":"alpha","id":"c1","kind":"bonus","amount":"100","currency":"USDT","ts":"2026-12-01T10:00:00Z"}""", RecordKind.CashFlow);

        Assert.Contains("unknown kind 'bonus'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_cash_flow_named_by_its_kind_field_is_still_a_cash_flow()
    {
        var batch = Parse("""{"bot":"alpha","kind":"cash_flow","id":"c1","type":"deposit","amount":"100","currency":"USDT","ts":"2026-12-01T10:00:00Z"}""");

        Assert.Single(batch.CashFlows);
    }
}
