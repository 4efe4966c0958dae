using CnnGen.Benchmarks;

var command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "profile":
        LayerProfile.Run(batch: 100, runs: args.Length > 1 ? int.Parse(args[1]) : 20);
        break;
    case "compare":
        Compare.Run(args[1], runs: args.Length > 2 ? int.Parse(args[2]) : 20);
        break;
    case "gemm-shapes":
        Console.WriteLine(GemmShapes.Json);
        break;
    case "bdn":
        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Timing).Assembly).Run(args[1..]);
        break;
    default:
        Console.WriteLine("usage: dotnet run -c Release --project Samples/Benchmarks -- profile|compare|bdn [BenchmarkDotNet args]");
        break;
}
