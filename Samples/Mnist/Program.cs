using CnnGen.Samples.Mnist;
using Spectre.Console;

// dotnet run --project Samples/Mnist -c Release [-- train|predict options]: see Options.Usage.
Options options;
try
{
    options = Options.Parse(args);
}
catch (OptionException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine();
    Console.Error.WriteLine(Options.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(Options.Usage);
    return 0;
}

// Piped or redirected output is a log: no line breaks inside sentences (Spectre.Console assumes 80 columns there).
Terminal.DoNotWrapWhenRedirected(AnsiConsole.Console, Console.IsOutputRedirected);

try
{
    return options.Command == "predict" ? PredictCommand.Run(options) : TrainCommand.Run(options);
}
catch (Exception e) when (e is FileNotFoundException or InvalidDataException or ArgumentException or IOException or UnauthorizedAccessException)
{
    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
    return 1;
}
