using System.Globalization;
using System.Text;
using System.Text.Json;
using CnnGen.Data;
using CnnGen.Weights;

namespace CnnGen.Training;

/// <summary>What a checkpoint is taken of: the objects whose state it saves and restores.</summary>
internal sealed record CheckpointContext(ITrainableNetwork Network, IOptimizer Optimizer, TrainerOptions Options, int TrainCount, MiniBatches Batches);

/// <summary>Where a run stands: before batch <see cref="Batch"/> (0-based) of epoch <see cref="Epoch"/> (1-based), and the trainer's own counters.</summary>
internal sealed record CheckpointPosition(
    int Epoch, int Batch, long Step, double LossSum, IReadOnlyList<EpochResult> History,
    float[]? Best, double BestValidationLoss, int EpochsWithoutImprovement);

/// <summary>
/// A training checkpoint (<see cref="TrainerOptions.CheckpointPath"/>): a safetensors file holding the model's tensors
/// (<c>model.*</c>, the weight file's names), the optimizer's buffers (<c>optimizer.*</c>), the data order of the current
/// epoch (<c>trainer.order</c>, I32) and early stopping's best parameters (<c>trainer.best</c>); its <c>__metadata__</c>
/// holds the network, optimizer, schedule and trainer settings (compared before resuming), the position (epoch,
/// batch, step, the epoch's loss sum), the schedule's state, the three random streams (data order, augmentation,
/// dropout) and the history so far as JSON.
/// </summary>
internal sealed class Checkpoint
{
    const string Format = "cnngen-checkpoint/1";
    readonly Dictionary<string, string> _metadata;
    readonly Dictionary<string, CheckpointTensor> _tensors;

    Checkpoint(Dictionary<string, string> metadata, Dictionary<string, CheckpointTensor> tensors, string description)
        => (_metadata, _tensors, Description) = (metadata, tensors, description);

    /// <summary>Which file was read and where it stands, and why a newer file was refused.</summary>
    public string Description { get; }

    /// <summary>The newest usable checkpoint at <paramref name="path"/> (or its previous copy); null when there is none.</summary>
    /// <exception cref="InvalidDataException">Checkpoint files exist but none is complete and undamaged.</exception>
    public static Checkpoint? Read(string path)
    {
        if (CheckpointFile.ReadNewest(path) is not { } read) return null;
        var where = $"{read.Source} (epoch {Get(read.Metadata, "epoch", read.Source)}, batch {Get(read.Metadata, "batch", read.Source)}, step {Get(read.Metadata, "step", read.Source)})";
        return new Checkpoint(read.Metadata, read.Tensors, read.Refused is null ? where : $"{where}; refused the newer file: {read.Refused}");
    }

    /// <summary>Writes the state of <paramref name="context"/> at <paramref name="position"/> atomically, keeping the previous checkpoint until it is complete.</summary>
    public static void Write(string path, CheckpointContext context, CheckpointPosition position)
    {
        var network = context.Network;
        var tensors = new List<CheckpointTensor>();
        foreach (var tensor in network.Tensors)
        {
            var store = tensor.Store == TensorStore.Parameters ? network.Parameters : network.State;
            tensors.Add(CheckpointTensor.Floats("model." + tensor.Name, store.Slice(tensor.Offset, tensor.Length), tensor.Shape));
        }
        var optimizer = context.Optimizer.ExportState();
        foreach (var (name, values) in optimizer.Buffers) tensors.Add(CheckpointTensor.Floats("optimizer." + name, values));
        tensors.Add(CheckpointTensor.Ints("trainer.order", context.Batches.Order));
        if (position.Best is { } best) tensors.Add(CheckpointTensor.Floats("trainer.best", best));

        var metadata = Identity(context, optimizer.Settings);
        metadata["optimizer.lr"] = Bits(optimizer.LearningRate);
        metadata["optimizer.steps"] = Integer(optimizer.Steps);
        metadata["optimizer.parameters"] = Integer(optimizer.ParameterCount);
        if (context.Options.Schedule is IMetricSchedule metricSchedule) metadata["schedule.state"] = metricSchedule.State;
        metadata["epoch"] = Integer(position.Epoch);
        metadata["batch"] = Integer(position.Batch);
        metadata["step"] = Integer(position.Step);
        metadata["loss_sum"] = Bits(position.LossSum);
        metadata["early_stopping"] = $"{Bits(position.BestValidationLoss)} {Integer(position.EpochsWithoutImprovement)}";
        metadata["random.order"] = context.Batches.OrderRandom.State.ToString();
        metadata["random.augmentation"] = context.Batches.AugmentationRandom.State.ToString();
        metadata["random.dropout"] = network.TrainingRandom.State.ToString();
        metadata["history"] = HistoryJson(position.History);
        CheckpointFile.Write(path, tensors, metadata);
    }

    /// <summary>
    /// Checks that this checkpoint was written by the same network, optimizer, schedule and trainer settings, then
    /// (only then) puts every saved state back and returns the position to continue from.
    /// </summary>
    /// <exception cref="ArgumentException">The checkpoint belongs to another network, optimizer, schedule or training setup.</exception>
    /// <exception cref="InvalidDataException">A value in the checkpoint is malformed.</exception>
    public CheckpointPosition Restore(CheckpointContext context)
    {
        var network = context.Network;
        var expected = Identity(context, context.Optimizer.ExportState().Settings);
        foreach (var (key, value) in expected)
        {
            var found = _metadata.GetValueOrDefault(key);
            if (found != value)
                throw new ArgumentException($"The checkpoint {Description} was written by another {key}: it has '{found ?? "(none)"}', this run has '{value}'.");
        }

        // Parse and validate everything before changing anything.
        var model = network.Tensors.ToArray().Select(t => (t, Tensor("model." + t.Name, SafeTensorsLayout.Float32, t.Length).ToFloats())).ToArray();
        var buffers = _tensors.Values.Where(t => t.Name.StartsWith("optimizer.", StringComparison.Ordinal))
            .Select(t => KeyValuePair.Create(t.Name["optimizer.".Length..], CheckFloat(t).ToFloats())).ToArray();
        var snapshot = new OptimizerSnapshot(expected["optimizer"], Double("optimizer.lr"), Long("optimizer.steps"), (int)Long("optimizer.parameters"), buffers);
        var order = Tensor("trainer.order", SafeTensorsLayout.Int32, context.TrainCount).ToInts();
        CheckPermutation(order);
        var best = _tensors.TryGetValue("trainer.best", out var bestTensor) ? CheckFloat(bestTensor).ToFloats() : null;
        if (best is not null && best.Length != network.Parameters.Length + network.State.Length)
            throw new InvalidDataException($"{Description}: trainer.best holds {best.Length} values, expected {network.Parameters.Length + network.State.Length}.");
        var epoch = (int)Long("epoch");
        var batch = (int)Long("batch");
        if (epoch < 1 || batch < 0 || batch >= context.Batches.BatchCount)
            throw new InvalidDataException($"{Description}: position epoch {epoch}, batch {batch} is outside 1.. and [0, {context.Batches.BatchCount}).");
        var earlyStopping = Get(_metadata, "early_stopping", Description).Split(' ');
        if (earlyStopping.Length != 2) throw new InvalidDataException($"{Description}: early_stopping must be 'bits count', got '{string.Join(' ', earlyStopping)}'.");
        var position = new CheckpointPosition(epoch, batch, Long("step"), Double("loss_sum"), ReadHistory(Get(_metadata, "history", Description)),
            best, ParseBits(earlyStopping[0], "early_stopping"), (int)ParseLong(earlyStopping[1], "early_stopping"));
        var randomOrder = RandomState("random.order");
        var randomAugmentation = RandomState("random.augmentation");
        var randomDropout = RandomState("random.dropout");
        var scheduleState = context.Options.Schedule is IMetricSchedule ? Get(_metadata, "schedule.state", Description) : null;

        context.Optimizer.ImportState(snapshot);
        if (context.Options.Schedule is IMetricSchedule metricSchedule) metricSchedule.State = scheduleState!;
        foreach (var (tensor, values) in model)
        {
            var store = tensor.Store == TensorStore.Parameters ? network.Parameters : network.State;
            values.CopyTo(store.Slice(tensor.Offset, tensor.Length));
        }
        order.CopyTo(context.Batches.Order, 0);
        context.Batches.OrderRandom.State = randomOrder;
        context.Batches.AugmentationRandom.State = randomAugmentation;
        network.TrainingRandom.State = randomDropout;
        return position;
    }

    /// <summary>The settings a checkpoint must share with the run that resumes it.</summary>
    static Dictionary<string, string> Identity(CheckpointContext context, string optimizerSettings)
    {
        var network = context.Network;
        var options = context.Options;
        var tensors = new StringBuilder();
        foreach (var tensor in network.Tensors) tensors.Append(tensor.Name).Append('[').AppendJoin(',', tensor.Shape).Append("] ");
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["checkpoint"] = Format,
            ["network"] = network.GetType().FullName ?? network.GetType().Name,
            ["network.tensors"] = tensors.ToString().TrimEnd(),
            ["optimizer"] = optimizerSettings,
            ["schedule"] = options.Schedule is null ? "none" : $"{options.Schedule}{(options.ScheduleEveryBatch ? " every batch" : " every epoch")}",
            ["trainer"] = string.Create(CultureInfo.InvariantCulture,
                $"train={context.TrainCount}, batch={context.Batches.BatchSize}, seed={options.Seed}, weight_decay={options.WeightDecay:R}, max_grad_norm={options.MaxGradientNorm:R}, " +
                $"augmentation={options.Augmentation?.ToString() ?? "none"}, early_stopping={options.EarlyStoppingPatience}"),
        };
    }

    CheckpointTensor Tensor(string name, string dataType, int length)
    {
        if (!_tensors.TryGetValue(name, out var tensor))
            throw new InvalidDataException($"{Description}: tensor {name} is missing.");
        if (tensor.DataType != dataType || tensor.Count != length)
            throw new InvalidDataException($"{Description}: tensor {name} is {tensor.DataType} × {tensor.Count}, expected {dataType} × {length}.");
        return tensor;
    }

    CheckpointTensor CheckFloat(CheckpointTensor tensor) => tensor.DataType == SafeTensorsLayout.Float32
        ? tensor
        : throw new InvalidDataException($"{Description}: tensor {tensor.Name} is {tensor.DataType}, expected F32.");

    void CheckPermutation(int[] order)
    {
        var seen = new bool[order.Length];
        foreach (var index in order)
        {
            if ((uint)index >= (uint)order.Length || seen[index])
                throw new InvalidDataException($"{Description}: trainer.order is not a permutation of the {order.Length} training samples.");
            seen[index] = true;
        }
    }

    SeededRandomState RandomState(string key)
    {
        try
        {
            var state = SeededRandomState.Parse(Get(_metadata, key, Description));
            if ((state.S0 | state.S1 | state.S2 | state.S3) == 0) throw new FormatException("all four words are zero");
            return state;
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{Description}: {key}: {e.Message}", e);
        }
    }

    long Long(string key) => ParseLong(Get(_metadata, key, Description), key);

    double Double(string key) => ParseBits(Get(_metadata, key, Description), key);

    long ParseLong(string text, string key) => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
        ? value : throw new InvalidDataException($"{Description}: {key} must be an integer, got '{text}'.");

    double ParseBits(string text, string key) => ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits)
        ? BitConverter.UInt64BitsToDouble(bits) : throw new InvalidDataException($"{Description}: {key} must be 16 hex digits, got '{text}'.");

    static string Get(Dictionary<string, string> metadata, string key, string source)
        => metadata.TryGetValue(key, out var value) ? value : throw new InvalidDataException($"{source}: the checkpoint has no {key}.");

    static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A double's exact bits (a text number might not round-trip NaN or ∞).</summary>
    static string Bits(double value) => BitConverter.DoubleToUInt64Bits(value).ToString("x16", CultureInfo.InvariantCulture);

    static string HistoryJson(IReadOnlyList<EpochResult> history)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var e in history)
            {
                json.WriteStartObject();
                json.WriteNumber("epoch", e.Epoch);
                json.WriteString("train_loss", Bits(e.TrainLoss));
                WriteOptional(json, "train_accuracy", e.TrainAccuracy);
                WriteOptional(json, "test_accuracy", e.TestAccuracy);
                WriteOptional(json, "test_loss", e.TestLoss);
                WriteOptional(json, "test_mean_iou", e.TestMeanIoU);
                WriteOptional(json, "validation_accuracy", e.ValidationAccuracy);
                WriteOptional(json, "validation_loss", e.ValidationLoss);
                json.WriteString("lr", Bits(e.LearningRate));
                json.WriteNumber("training_ticks", e.TrainingTime.Ticks);
                json.WriteNumber("evaluation_ticks", e.EvaluationTime.Ticks);
                json.WriteString("samples_per_second", Bits(e.SamplesPerSecond));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    static void WriteOptional(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v) json.WriteString(name, Bits(v));
        else json.WriteNull(name);
    }

    List<EpochResult> ReadHistory(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var history = new List<EpochResult>();
            foreach (var e in document.RootElement.EnumerateArray())
            {
                double? Optional(string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : ParseBits(e.GetProperty(name).GetString()!, name);
                history.Add(new EpochResult(
                    e.GetProperty("epoch").GetInt32(), ParseBits(e.GetProperty("train_loss").GetString()!, "train_loss"),
                    Optional("train_accuracy"), Optional("test_accuracy"), Optional("validation_accuracy"), Optional("validation_loss"),
                    ParseBits(e.GetProperty("lr").GetString()!, "lr"), TimeSpan.FromTicks(e.GetProperty("training_ticks").GetInt64()),
                    TimeSpan.FromTicks(e.GetProperty("evaluation_ticks").GetInt64()), ParseBits(e.GetProperty("samples_per_second").GetString()!, "samples_per_second"))
                { TestLoss = Optional("test_loss"), TestMeanIoU = Optional("test_mean_iou") });
            }
            return history;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new InvalidDataException($"{Description}: the history is malformed: {e.Message}", e);
        }
    }
}
