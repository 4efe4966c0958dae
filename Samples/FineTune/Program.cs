using CnnGen;
using CnnGen.Data;
using CnnGen.Samples.FineTune;
using CnnGen.Training;

// dotnet run --project Samples/FineTune -c Release -- [--images DIR] [--weights FILE] [--random-backbone] [--epochs N] [--threads N] [--seed N]
const string Usage = """
    usage: dotnet run --project Samples/FineTune -c Release -- [options]
      --images DIR        an image folder with train/ and test/, one subfolder per class (default: real Fashion-MNIST
                          PNGs written once into .data/finetune/fashion)
      --weights FILE      torchvision resnet18 state_dict as safetensors (default .data/finetune/resnet18-digits.safetensors,
                          made by /usr/bin/python3 tools/finetune/pretrain_torchvision.py)
      --random-backbone   skip the load: the frozen backbone keeps its random initialisation (the baseline)
      --epochs N          passes over the training images (default 6)
      --threads N         kernel threads (default: processor count)
      --seed N            seed of the head's initial weights and the batch order (default 0)
    """;

string? images = null, weights = null;
bool randomBackbone = false;
int epochs = 6, threads = Environment.ProcessorCount, seed = 0;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] is "--help" or "-h")
    {
        Console.WriteLine(Usage);
        return 0;
    }
    if (args[i] is "--epochs" or "--threads" or "--seed" && (i + 1 >= args.Length || !int.TryParse(args[i + 1], out _)))
    {
        Console.Error.WriteLine($"{args[i]} expects a whole number.");
        return 2;
    }
    if (args[i] is "--images" or "--weights" && i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"{args[i]} expects a path.");
        return 2;
    }
    string Value() => args[++i];
    switch (args[i])
    {
        case "--images": images = Value(); break;
        case "--weights": weights = Value(); break;
        case "--random-backbone": randomBackbone = true; break;
        case "--epochs": epochs = int.Parse(Value()); break;
        case "--threads": threads = int.Parse(Value()); break;
        case "--seed": seed = int.Parse(Value()); break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            Console.Error.WriteLine(Usage);
            return 2;
    }
}

var data = DataLocator.CandidateFolders()[0];
var net = new FrozenResNet18(seed: seed) { Threads = threads };
if (randomBackbone) Console.WriteLine("--random-backbone: the frozen backbone keeps its random weights");
else
{
    weights ??= Path.Combine(data, "finetune", "resnet18-digits.safetensors");
    if (!File.Exists(weights))
    {
        Console.Error.WriteLine($"The weights file {weights} does not exist. Make it with `/usr/bin/python3 tools/finetune/pretrain_torchvision.py` " +
                                "(torchvision's resnet18 trained on the MNIST digits), pass another torchvision resnet18 state_dict with --weights FILE, " +
                                "or run with --random-backbone.");
        return 1;
    }
    var loaded = net.Load(weights, strict: false);
    Console.WriteLine($"loaded {weights}");
    Console.WriteLine($"  unexpected keys (in the file, not the network): {string.Join(", ", loaded.UnexpectedKeys)}");
    Console.WriteLine($"  missing keys (the new head keeps its initial values): {string.Join(", ", loaded.MissingKeys)}");
}

try
{
    images ??= FashionFolder.Ensure(Path.Combine(data, "finetune", "fashion"));
}
catch (FileNotFoundException error)
{
    Console.Error.WriteLine(error.Message);
    return 1;
}
// ToTensor, Resize(32, 32), Normalize(0.5, 0.5) as the pretraining script; grey PNGs decode into 3 equal channels
// (ImageFolder's RGB loader, torchvision's default `convert("RGB")`).
var transform = new Compose(new Resize(32, 32), new Normalize([0.5f], [0.5f]));
var trainFolder = new ImageFolder(Path.Combine(images, "train"));
var train = trainFolder.Load(transform, seed);
var test = new ImageFolder(Path.Combine(images, "test")).Load(transform, seed);
Console.WriteLine($"fine-tuning head on {train.Count} images ({test.Count} test) of {trainFolder.ClassNames.Count} classes " +
                  $"({string.Join(", ", trainFolder.ClassNames)}), Adam 3e-3, batch 50, {epochs} epochs, {net.Threads} threads");

var trainer = new Trainer(new TrainerOptions { Epochs = epochs, BatchSize = 50, Seed = seed, MeasureTrainAccuracy = false, ReportEveryBatches = 20 });
var result = trainer.Fit(net, new Adam(learningRate: 3e-3), train, test, progress: new Progress<TrainingProgress>(Report));
Console.WriteLine(result.Message);
Console.WriteLine($"test accuracy {new Evaluator(net).Accuracy(test):P2} on {test.Count} images ({(randomBackbone ? "random" : "pretrained")} frozen backbone)");
return 0;

static void Report(TrainingProgress p)
{
    if (p.Phase == TrainingPhase.Batch) Console.WriteLine($"epoch {p.Epoch}/{p.Epochs}  batch {p.Batch,3}/{p.Batches}  loss {p.Loss:F4}");
    else if (p.Completed is { } e)
        Console.WriteLine($"epoch {e.Epoch}: train loss {e.TrainLoss:F4}, test loss {e.TestLoss:F4}, test accuracy {e.TestAccuracy:P2}, {e.TrainingTime.TotalSeconds:F0}s");
}
