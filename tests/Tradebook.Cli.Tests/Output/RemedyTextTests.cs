using Tradebook.Cli.Output;
using Tradebook.Core;

namespace Tradebook.Cli.Tests.Output;

/// <summary>The CLI words every remedy a library can give as a <c>tradebook</c> command or option.</summary>
public sealed class RemedyTextTests
{
    public static TheoryData<RemedyKind> Kinds => [.. Enum.GetValues<RemedyKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void every_remedy_is_worded_as_a_command_or_an_option(RemedyKind kind)
    {
        var text = RemedyText.Command(new Remedy(kind, "subject"));

        Assert.True(text.Contains("`tradebook ", StringComparison.Ordinal) || text.Contains(" --", StringComparison.Ordinal), text);
    }

    [Fact]
    public void an_unknown_bot_is_followed_by_the_command_that_adds_it()
    {
        var error = new TradebookException(ErrorCode.UnknownBot, "unknown bot 'my bot'", Remedy.AddBot("my bot"));

        Assert.Equal("unknown bot 'my bot'; add it first with `tradebook bots add \"my bot\" --mode paper` (or live, backtest, test)", RemedyText.Of(error));
    }

    [Fact]
    public void a_failure_without_a_remedy_is_its_message_alone()
    {
        Assert.Equal("the file is empty", RemedyText.Of(new TradebookException(ErrorCode.InvalidInput, "the file is empty")));
    }
}
