using Tradebook.Core;
using Tradebook.Server.Hosting;

namespace Tradebook.Server.Tests.Hosting;

/// <summary>The server words every remedy for an API client, who has no command line.</summary>
public sealed class RemedyTextTests
{
    public static TheoryData<RemedyKind> Kinds => [.. Enum.GetValues<RemedyKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void every_remedy_is_worded_without_a_cli_command_or_option(RemedyKind kind)
    {
        var text = RemedyText.Call(new Remedy(kind, "subject"));

        Assert.NotEmpty(text);
        Assert.DoesNotContain("tradebook ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("--", text, StringComparison.Ordinal);
        Assert.DoesNotContain("`", text, StringComparison.Ordinal);
    }

    [Fact]
    public void an_unknown_bot_is_followed_by_the_api_call_that_adds_it()
    {
        var error = new TradebookException(ErrorCode.UnknownBot, "unknown bot 'ghost'", Remedy.AddBot("ghost"));

        Assert.StartsWith("unknown bot 'ghost'; add it first with POST /api/v1/bots", RemedyText.Of(error), StringComparison.Ordinal);
    }
}
