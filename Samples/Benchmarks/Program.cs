using CnnGen.Benchmarks;

var command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "profile":
        LayerProfile.Run(batch: 100, runs: args.Length > 1 ? int.Parse(args[1]) : 20);
        break;
    default:
        Console.WriteLine("usage: dotnet run -c Release --project Samples/Benchmarks -- profile|compare|bdn [BenchmarkDotNet args]");
        break;
}
