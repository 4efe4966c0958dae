using CnnGen.Samples;

// Usage: CnnGen.Reliability.Child <path> | width <threads>
// width: trains a few networks a few steps (WidthRun) and prints the vector width and a hash per network.
// <path>: saves SimpleConvNet (1.7 MB) to <path> over and over, version 1, 2, 3..., each version's parameters a known
// pattern (SavedVersion.Fill), printing "begin v" before and "end v" after each save so the parent knows which
// versions are complete when it kills this process.
if (args.Length == 2 && args[0] == "width" && int.TryParse(args[1], out var threads) && threads > 0)
{
    WidthRun.Run(threads, Console.Out);
    return 0;
}
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: CnnGen.Reliability.Child <path> | width <threads>");
    return 2;
}
var network = new SimpleConvNet();
for (var version = 1; ; version++)
{
    SavedVersion.Fill(network.Parameters, version);
    Console.Out.WriteLine($"begin {version}");
    Console.Out.Flush();
    network.Save(args[0]);
    Console.Out.WriteLine($"end {version}");
    Console.Out.Flush();
}

/// <summary>The parameters of saved version <c>v</c> (the parent test recomputes them to recognise a file).</summary>
public static class SavedVersion
{
    /// <summary>Writes version <paramref name="version"/>'s pattern: every value differs between versions.</summary>
    public static void Fill(Span<float> parameters, int version)
    {
        for (var i = 0; i < parameters.Length; i++) parameters[i] = version * 1000 + i % 997;
    }
}
