using Spectre.Console;

namespace CnnGen.Samples.Mnist;

/// <summary>How the program's console output is laid out.</summary>
internal static class Terminal
{
    /// <summary>The width given to a console that is not a terminal: wider than any line the program writes.</summary>
    public const int UnwrappedWidth = 1 << 16;

    /// <summary>
    /// Spectre.Console wraps markup at the console's width, and without a terminal it assumes 80 columns, so a log
    /// written to a file or a pipe would break sentences and paths mid-line. When <paramref name="redirected"/>, the
    /// width is set wider than any line instead (the tables are sized to their content, not to the width).
    /// </summary>
    public static void DoNotWrapWhenRedirected(IAnsiConsole console, bool redirected)
    {
        if (redirected) console.Profile.Width = UnwrappedWidth;
    }
}
