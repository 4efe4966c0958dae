namespace CnnGen.Samples.Generative;

/// <summary>The command line: which sample, and its few knobs.</summary>
internal sealed record Options
{
    public const string Usage = """
        usage: dotnet run --project Samples/Generative -c Release -- autoencoder|gan|segment [options]
          autoencoder   denoising convolutional autoencoder on MNIST digits: out/autoencoder.png and the test MSE
          gan           DCGAN on MNIST digits: out/gan-epoch-N.png and the share of confidently classified digits
          segment       U-Net per-pixel classification of MNIST digits (background or the digit's class): pixel
                        accuracy and mean IoU on the test digits, out/segmentation.png
          --epochs N    training epochs (autoencoder 10, gan 30, segment 3)
          --threads N   kernel threads (default: processor count)
          --seed N      seed of the weights, the noise and the batch order (default 0)
          --out DIR     output folder (default out)
        """;

    public string Command { get; init; } = "help";
    public int? Epochs { get; init; }
    public int Threads { get; init; } = Environment.ProcessorCount;
    public int Seed { get; init; }
    public string Out { get; init; } = "out";

    public static Options Parse(string[] args)
    {
        if (args.Length == 0) return new Options();
        var options = new Options { Command = args[0] };
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new OptionException($"{name} needs a value");
            options = name switch
            {
                "--epochs" => options with { Epochs = Positive(name, Value()) },
                "--threads" => options with { Threads = Positive(name, Value()) },
                "--seed" => options with { Seed = Integer(name, Value()) },
                "--out" => options with { Out = Value() },
                _ => throw new OptionException($"unknown option {name}"),
            };
        }
        return options;
    }

    static int Integer(string name, string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value : throw new OptionException($"{name} expects an integer, got '{text}'");

    static int Positive(string name, string text) =>
        Integer(name, text) is > 0 and var value ? value : throw new OptionException($"{name} expects a positive integer, got '{text}'");
}

/// <summary>A bad command line.</summary>
internal sealed class OptionException(string message) : Exception(message);
