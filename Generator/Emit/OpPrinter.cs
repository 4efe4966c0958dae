using System;
using System.Linq;
using CnnGen.Generator.Model;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Emit;

/// <summary>
/// Prints the ops of a <see cref="NetworkProgram"/> as C#: one kernel call per op with named arguments (one per line when
/// there are many), the comment a fusion owes the reader, and the <c>if (!inputGradient.IsEmpty)</c> of a guarded store.
/// It decides nothing: every choice is in the op.
/// </summary>
internal sealed partial class OpPrinter(CodeWriter w)
{
    const string Kernels = NetworkEmitter.Kernels;

    /// <summary>Set while printing <c>RunInference</c>, which has no <c>training</c> flag: mode-dependent ops print only their inference form.</summary>
    public bool InferenceOnly { get; set; }

    public void Print(Op op)
    {
        switch (op)
        {
            case Conv2DForward o:
                FoldedComment(o.FoldedBatchNorm);
                if (o.ReLU is not null) w.Line($"// With {o.ReLU}: the rectified map goes straight into its buffer.");
                Call(o.ReLU is null ? "Conv2D.Forward" : "Conv2D.ForwardWithReLU",
                    $"input: {Span(o.Input)}", $"weight: {Span(o.Weight)}", $"bias: {Span(o.Bias)}", $"output: {Span(o.Output)}", Geometry(o.Config.Layer), "batch: batch");
                break;
            case WinogradFilters o:
                Call("WinogradConv.TransformFilters", $"weight: {Span(o.Weight)}", $"transformed: {Span(o.Transformed)}", Geometry(o.Config.Layer));
                break;
            case WinogradConv2DForward o:
                FoldedComment(o.FoldedBatchNorm);
                w.Line(o.ReLU is null
                    ? "// Winograd F(m×m, 3×3) over the filters transformed by DeriveInferenceWeights."
                    : $"// Winograd F(m×m, 3×3) over the filters transformed by DeriveInferenceWeights; with {o.ReLU}: the rectified map goes straight into its buffer.");
                Call(o.ReLU is null ? "WinogradConv.Forward" : "WinogradConv.ForwardWithReLU",
                    $"input: {Span(o.Input)}", $"transformed: {Span(o.Transformed)}", $"bias: {Span(o.Bias)}", $"output: {Span(o.Output)}", Geometry(o.Config.Layer), "batch: batch");
                break;
            case Conv2DBackward o:
                if (o.ThroughReLU is not null)
                    w.Line($"// Through {o.ThroughReLU} as well: the input gradient is +0 where its output (this layer's input) is ≤ 0, kept elsewhere (NaN included, as in threshold_backward).");
                Call(o.ThroughReLU is null ? "Conv2D.Backward" : "Conv2D.BackwardThroughReLU",
                    $"input: {Span(o.Input)}", $"weight: {Span(o.Weight)}", $"outputGradient: {Span(o.OutputGradient)}", $"weightGradient: {Span(o.WeightGradient)}",
                    $"biasGradient: {Span(o.BiasGradient)}", $"inputGradient: {Span(o.InputGradient)}", Geometry(o.Config.Layer), "batch: batch");
                break;
            case ConvTranspose2DForward o:
                Call("ConvTranspose2D.Forward", $"input: {Span(o.Input)}", $"weight: {Span(o.Weight)}", $"bias: {Span(o.Bias)}", $"output: {Span(o.Output)}", Geometry(o.Config.Layer), "batch: batch");
                break;
            case ConvTranspose2DBackward o:
                Call("ConvTranspose2D.Backward", $"input: {Span(o.Input)}", $"weight: {Span(o.Weight)}", $"outputGradient: {Span(o.OutputGradient)}",
                    $"weightGradient: {Span(o.WeightGradient)}", $"biasGradient: {Span(o.BiasGradient)}", $"inputGradient: {Span(o.InputGradient)}", Geometry(o.Config.Layer), "batch: batch");
                break;
            case DenseForward o:
                FoldedComment(o.FoldedBatchNorm);
                Call("Dense.Forward", $"input: {Span(o.Input)}", $"weight: {Span(o.Weight)}", $"bias: {Span(o.Bias)}", $"output: {Span(o.Output)}",
                    $"inputs: {o.Config.Inputs}", $"outputs: {o.Config.Outputs}", "batch: batch");
                break;
            case DenseBackward o:
                Call("Dense.Backward", $"input: {Span(o.Input)}", $"weight: {Span(o.Weight)}", $"outputGradient: {Span(o.OutputGradient)}", $"weightGradient: {Span(o.WeightGradient)}",
                    $"biasGradient: {Span(o.BiasGradient)}", $"inputGradient: {Span(o.InputGradient)}", $"inputs: {o.Config.Inputs}", $"outputs: {o.Config.Outputs}", "batch: batch");
                break;
            case BatchNormForward o:
                PrintBatchNormForward(o);
                break;
            case BatchNormBackward o:
                Call("BatchNorm.Backward", $"input: {Span(o.Input)}", $"outputGradient: {Span(o.OutputGradient)}", $"gamma: {Span(o.Gamma)}", $"savedMean: {Span(o.SavedMean)}",
                    $"savedInverseStd: {Span(o.SavedInverseStd)}", $"gammaGradient: {Span(o.GammaGradient)}", $"betaGradient: {Span(o.BetaGradient)}", $"inputGradient: {Span(o.InputGradient)}",
                    $"channels: {Names.Pascal(o.Config.Layer)}Channels", $"spatial: {o.Config.Spatial}", "batch: batch");
                break;
            case BatchNormInferenceBackward o:
                Call("BatchNorm.BackwardInference", $"input: {Span(o.Input)}", $"outputGradient: {Span(o.OutputGradient)}", $"gamma: {Span(o.Gamma)}",
                    $"runningMean: {Span(o.RunningMean)}", $"runningVariance: {Span(o.RunningVariance)}", $"gammaGradient: {Span(o.GammaGradient)}",
                    $"betaGradient: {Span(o.BetaGradient)}", $"inputGradient: {Span(o.InputGradient)}", $"channels: {Names.Pascal(o.Config.Layer)}Channels",
                    $"spatial: {o.Config.Spatial}", "batch: batch", $"epsilon: {Names.Float(o.Config.Epsilon)}");
                break;
            case DropoutForward o:
                PrintTrainingOnly(o.Input, o.Output, () => Call("Dropout.Forward", $"input: {Span(o.Input)}", $"output: {Span(o.Output)}", $"mask: {Span(o.Mask)}",
                    $"rate: {Names.Float(o.Config.Rate)}", "random: _trainingRandom"));
                break;
            case DropoutBackward o:
                Call("Dropout.Backward", $"mask: {Span(o.Mask)}", $"outputGradient: {Span(o.OutputGradient)}", $"inputGradient: {Span(o.InputGradient)}");
                break;
            case Dropout2DForward o:
                PrintTrainingOnly(o.Input, o.Output, () => Call("Dropout2D.Forward", $"input: {Span(o.Input)}", $"output: {Span(o.Output)}", $"mask: {Span(o.Mask)}",
                    $"rate: {Names.Float(o.Config.Rate)}", "random: _trainingRandom", $"channels: {o.Config.Channels}", $"spatial: {o.Config.Spatial}", "batch: batch"));
                break;
            case Dropout2DBackward o:
                Call("Dropout2D.Backward", $"mask: {Span(o.Mask)}", $"outputGradient: {Span(o.OutputGradient)}", $"inputGradient: {Span(o.InputGradient)}",
                    $"channels: {o.Config.Channels}", $"spatial: {o.Config.Spatial}", "batch: batch");
                break;
            case ActivationForward o:
                Call($"Activations.{o.Config.Function}", [$"input: {Span(o.Input)}", $"output: {Span(o.Output)}", .. Parameter(o.Config)]);
                break;
            case ActivationBackward o:
                Call($"Activations.{o.Config.Function}Backward",
                    [$"{(o.Config.BackwardReadsOutput ? "output" : "input")}: {Span(o.Saved)}", $"outputGradient: {Span(o.OutputGradient)}", $"inputGradient: {Span(o.InputGradient)}", .. Parameter(o.Config)]);
                break;
            case SoftmaxForward o:
                Call("Activations.Softmax", $"input: {Span(o.Input)}", $"output: {Span(o.Output)}", $"features: {o.Config.Features}", "batch: batch");
                break;
            case SoftmaxBackward o:
                Call("Activations.SoftmaxBackward", $"output: {Span(o.Output)}", $"outputGradient: {Span(o.OutputGradient)}", $"inputGradient: {Span(o.InputGradient)}",
                    $"features: {o.Config.Features}", "batch: batch");
                break;
            case MaxPool2DForward o:
                if (o.AfterReLU is not null) w.Line($"// Pools {o.AfterReLU}'s input, then rectifies the pooled values: the same numbers without writing the rectified map.");
                Call(o.AfterReLU is null ? "MaxPool2D.Forward" : "MaxPool2D.ForwardAfterReLU",
                    $"input: {Span(o.Input)}", $"output: {Span(o.Output)}", $"argmax: {Span(o.Argmax)}", Geometry(o.Config.Layer), "batch: batch");
                break;
            case MaxPool2DBackward o:
                PrintMaxPoolBackward(o);
                break;
            case AvgPool2DForward o:
                Call("AvgPool2D.Forward", $"input: {Span(o.Input)}", $"output: {Span(o.Output)}", Geometry(o.Config.Layer), "batch: batch");
                break;
            case AvgPool2DBackward o:
                Call("AvgPool2D.Backward", $"outputGradient: {Span(o.OutputGradient)}", $"inputGradient: {Span(o.InputGradient)}", Geometry(o.Config.Layer), "batch: batch");
                break;
            case GlobalAvgPoolForward o:
                Call("GlobalAvgPool.Forward", $"input: {Span(o.Input)}", $"output: {Span(o.Output)}", $"channels: {o.Config.Channels}", $"spatial: {o.Config.Spatial}", "batch: batch");
                break;
            case GlobalAvgPoolBackward o:
                Call("GlobalAvgPool.Backward", $"outputGradient: {Span(o.OutputGradient)}", $"inputGradient: {Span(o.InputGradient)}", $"channels: {o.Config.Channels}",
                    $"spatial: {o.Config.Spatial}", "batch: batch");
                break;
            case GlobalMaxPoolForward o:
                Call("GlobalMaxPool.Forward", $"input: {Span(o.Input)}", $"output: {Span(o.Output)}", $"argmax: {Span(o.Argmax)}", $"channels: {o.Config.Channels}", $"spatial: {o.Config.Spatial}", "batch: batch");
                break;
            case GlobalMaxPoolBackward o:
                Call("GlobalMaxPool.Backward", $"outputGradient: {Span(o.OutputGradient)}", $"argmax: {Span(o.Argmax)}", $"inputGradient: {Span(o.InputGradient)}",
                    $"channels: {o.Config.Channels}", $"spatial: {o.Config.Spatial}", "batch: batch");
                break;
            case UpsampleForward o:
                Call($"Upsample.{Mode(o.Config)}Forward", $"input: {Span(o.Input)}", $"output: {Span(o.Output)}", Geometry(o.Config.Layer), "batch: batch");
                break;
            case UpsampleBackward o:
                Call($"Upsample.{Mode(o.Config)}Backward", $"outputGradient: {Span(o.OutputGradient)}", $"inputGradient: {Span(o.InputGradient)}", Geometry(o.Config.Layer), "batch: batch");
                break;
            case MultiplyForward o:
                PrintMultiplyForward(o);
                break;
            case MultiplyBackward o:
                PrintMultiplyBackward(o);
                break;
            case PerChannelForward o:
                PrintPerChannelForward(o);
                break;
            case PerChannelBackward o:
                PrintPerChannelBackward(o);
                break;
            case StochasticDepthForward o:
                PrintTrainingOnly(o.Input, o.Output, () => Call("StochasticDepth.Forward", $"input: {Span(o.Input)}", $"output: {Span(o.Output)}", $"mask: {Span(o.Mask)}",
                    $"rate: {Names.Float(o.Config.Rate)}", "random: _trainingRandom", $"sampleLength: {o.Config.SampleLength}", "batch: batch"));
                break;
            case NormForward o:
                PrintNormForward(o);
                break;
            case NormBackward o:
                PrintNormBackward(o);
                break;
            case DensePositionsForward o:
                Call("Dense.ForwardPositions", $"input: {Span(o.Input)}", $"weight: {Span(o.Weight)}", $"bias: {Span(o.Bias)}", $"output: {Span(o.Output)}",
                    $"inputs: {o.Config.Inputs}", $"outputs: {o.Config.Outputs}", $"positions: {o.Config.Positions}", "batch: batch");
                break;
            case DensePositionsBackward o:
                Call("Dense.BackwardPositions", $"input: {Span(o.Input)}", $"weight: {Span(o.Weight)}", $"outputGradient: {Span(o.OutputGradient)}", $"weightGradient: {Span(o.WeightGradient)}",
                    $"biasGradient: {Span(o.BiasGradient)}", $"inputGradient: {Span(o.InputGradient)}", $"inputs: {o.Config.Inputs}", $"outputs: {o.Config.Outputs}",
                    $"positions: {o.Config.Positions}", "batch: batch");
                break;
            case StochasticDepthBackward o:
                Call("StochasticDepth.Backward", $"mask: {Span(o.Mask)}", $"outputGradient: {Span(o.OutputGradient)}", $"inputGradient: {Span(o.InputGradient)}",
                    $"sampleLength: {o.Config.SampleLength}", "batch: batch");
                break;
            case Add o:
                if (o.ReLU is not null) w.Line($"// With {o.ReLU}: the rectified sum goes straight into its buffer.");
                Call(o.ReLU is null ? "Elementwise.Add" : "Elementwise.AddReLU", $"a: {Span(o.A)}", $"b: {Span(o.B)}", $"output: {Span(o.Output)}");
                break;
            case FoldBatchNorm o:
                w.Line($"// {o.Norm.Layer} folded into {o.Into} (torch.nn.utils.fusion.fuse_conv_bn_eval).");
                Call("BatchNorm.FoldIntoWeights", $"weight: {Span(o.Weight)}", $"bias: {Span(o.Bias)}", $"gamma: {Span(o.Gamma)}", $"beta: {Span(o.Beta)}",
                    $"runningMean: {Span(o.RunningMean)}", $"runningVariance: {Span(o.RunningVariance)}", $"epsilon: {Names.Float(o.Norm.Epsilon)}",
                    $"foldedWeight: {Span(o.FoldedWeight)}", $"foldedBias: {Span(o.FoldedBias)}");
                break;
            case AddInPlace o:
                Guarded(o.Guarded, () => Call("Elementwise.AddInPlace", $"source: {Span(o.Source)}", $"target: {Span(o.Target)}"));
                break;
            case Copy o:
                Guarded(o.Guarded, () => w.Line($"{Span(o.Source)}.CopyTo({Span(o.Target)});"));
                break;
            case ConcatForward o:
                Call("Concat.Forward", $"input: {Span(o.Input)}", $"output: {Span(o.Output)}", $"blockLength: {o.Block.BlockLength}", $"offset: {o.Block.Offset}",
                    $"outputLength: {Names.Pascal(o.Block.Layer)}OutputLength", "batch: batch");
                break;
            case ConcatBackward o:
                Guarded(o.Guarded, () => Call("Concat.Backward", $"outputGradient: {Span(o.OutputGradient)}", $"inputGradient: {Span(o.InputGradient)}",
                    $"blockLength: {o.Block.BlockLength}", $"offset: {o.Block.Offset}", $"outputLength: {Names.Pascal(o.Block.Layer)}OutputLength", "batch: batch",
                    $"accumulate: {(o.Accumulate ? "true" : "false")}"));
                break;
            case AccumulateGradient o:
                w.Line($"// {o.Source} is read by several layers: this path's gradient is added to the others'.");
                Guarded(o.Guarded, () => Call("Elementwise.AddInPlace", $"source: {Span(o.Scratch)}", $"target: {Span(o.Target)}"));
                break;
            case CollectSkipGradient o:
                w.Line(o.Source.Length == 0 ? "// The network input feeds several layers: its gradient is the sum of every path, added in this fixed order."
                    : o.OnlyAnAdd ? $"// {o.Source} also feeds an Add: its output gradient is the sum of both paths."
                    : $"// {o.Source} also feeds {string.Join(", ", o.OtherReaders)}: its output gradient is the sum of every path, added in this fixed order.");
                Guarded(o.Guarded, () => Call("Elementwise.AddInPlace", $"source: {Span(o.Skip)}", $"target: {Span(o.Target)}"));
                break;
            case Fused o:
                w.Line(o.Note switch
                {
                    FusedNote.FoldedIntoPool => $"// Folded into {o.Into} (max pooling commutes with ReLU).",
                    FusedNote.AppliedByConvolution or FusedNote.AppliedByAdd => $"// Applied by {o.Into} as it stored its output.",
                    FusedNote.FoldedIntoProduct => $"// Folded into {o.Into}, which runs on the derived weight and bias.",
                    _ => $"// Done by {o.Into}'s backward.",
                });
                break;
            case ViewOf o:
                w.Line(o.Flatten ? "// NCHW is already flat: the next layer reads the same buffer." : "// NCHW is laid out the same in either shape: the next layer reads the same buffer.");
                break;
            case SharedGradient:
                w.Line("// Shares its input's gradient buffer: nothing to do.");
                break;
            case ZooGeometryOp o:
                PrintZooGeometry(o);
                break;
        }
    }

    void PrintBatchNormForward(BatchNormForward o)
    {
        var name = Names.Pascal(o.Config.Layer);
        if (InferenceOnly || o.Config.FrozenStatistics)
        {
            if (!InferenceOnly) w.Line("// Frozen = true: normalises with the running statistics in training too and leaves them unchanged (the module in eval mode).");
            PrintBatchNormInference(o, name);
            return;
        }
        using (w.Block("if (training)"))
        {
            Call("BatchNorm.ForwardTraining",
            [
                .. BatchNormValues(o),
                $"savedMean: {Span(o.SavedMean)}",
                $"savedInverseStd: {Span(o.SavedInverseStd)}",
                $"channels: {name}Channels",
                $"spatial: {o.Config.Spatial}",
                "batch: batch",
                $"momentum: {Names.Float(o.Config.Momentum)}",
                $"epsilon: {Names.Float(o.Config.Epsilon)}",
            ]);
        }
        using (w.Block("else")) PrintBatchNormInference(o, name);
    }

    void PrintBatchNormInference(BatchNormForward o, string name) =>
        Call("BatchNorm.ForwardInference", [.. BatchNormValues(o), $"channels: {name}Channels", $"spatial: {o.Config.Spatial}", "batch: batch", $"epsilon: {Names.Float(o.Config.Epsilon)}"]);

    void FoldedComment(string? norm)
    {
        if (norm is not null) w.Line($"// With {norm} folded in: the weight and bias are derived from both (DeriveInferenceWeights).");
    }

    /// <summary>The arguments both batch-norm forwards open with: input, output, the affine parameters and the running statistics.</summary>
    static string[] BatchNormValues(BatchNormForward o) =>
        [$"input: {Span(o.Input)}", $"output: {Span(o.Output)}", $"gamma: {Span(o.Gamma)}", $"beta: {Span(o.Beta)}",
            $"runningMean: {Span(o.RunningMean)}", $"runningVariance: {Span(o.RunningVariance)}"];

    void PrintMaxPoolBackward(MaxPool2DBackward o)
    {
        // The argmax type is explicit: a Span<byte> does not infer ReadOnlySpan<TIndex> before C# 14.
        var type = CSharpType(o.Argmax.Element);
        if (o.AfterReLU is not null && o.Output is not null)
        {
            w.Line($"// Through {o.AfterReLU} as well: winners whose pooled value is ≤ 0 get no gradient (a NaN winner gets it, as in threshold_backward).");
            Call($"MaxPool2D.BackwardAfterReLU<{type}>", $"outputGradient: {Span(o.OutputGradient)}", $"output: {Span(o.Output)}", $"argmax: {Span(o.Argmax)}",
                $"inputGradient: {Span(o.InputGradient)}", Geometry(o.Config.Layer), "batch: batch");
            return;
        }
        Call($"MaxPool2D.Backward<{type}>", $"outputGradient: {Span(o.OutputGradient)}", $"argmax: {Span(o.Argmax)}", $"inputGradient: {Span(o.InputGradient)}",
            Geometry(o.Config.Layer), "batch: batch");
    }

    /// <summary>A dropout: the kernel draws and applies the mask when training; inference copies.</summary>
    void PrintTrainingOnly(Value input, Value output, Action training)
    {
        if (InferenceOnly)
        {
            w.Line($"{Span(input)}.CopyTo({Span(output)});");
            return;
        }
        using (w.Block("if (training)"))
        {
            training();
        }
        using (w.Block("else"))
        {
            w.Line($"{Span(input)}.CopyTo({Span(output)});");
        }
    }

    /// <summary>Writes what <paramref name="print"/> writes inside <c>if (!inputGradient.IsEmpty)</c> when <paramref name="guarded"/>.</summary>
    void Guarded(bool guarded, Action print)
    {
        if (guarded)
        {
            w.Line("if (!inputGradient.IsEmpty)");
            w.Indent();
        }
        print();
        if (guarded) w.Outdent();
    }

    /// <summary>Writes <c>Kernels.Method(arg1, arg2...)</c>, one named argument per line when there are many.</summary>
    public void Call(string method, params string[] arguments)
    {
        if (arguments.Length <= 3)
        {
            w.Line($"{Kernels}.{method}({string.Join(", ", arguments)});");
            return;
        }
        w.Line($"{Kernels}.{method}(");
        w.Indent();
        for (var i = 0; i < arguments.Length; i++) w.Line(arguments[i] + (i == arguments.Length - 1 ? ");" : ","));
        w.Outdent();
    }

    internal static string[] Parameter(ActivationConfig config) => config.ParameterName is null ? [] : [$"{config.ParameterName}: {Names.Float(config.Parameter)}"];

    static string Mode(UpsampleConfig config) => config.Bilinear ? "Bilinear" : "Nearest";

    static string Geometry(string layer) => $"geometry: {Names.Pascal(layer)}Geometry";

    /// <summary>The C# element type of a value's storage.</summary>
    public static string CSharpType(ElementType element) => element switch
    {
        ElementType.UInt8 => "byte",
        ElementType.UInt16 => "ushort",
        ElementType.Int32 => "int",
        _ => "float",
    };

    /// <summary>The span expression of <paramref name="value"/> for the current <c>batch</c>.</summary>
    public static string Span(Value value)
    {
        var span = RawSpan(value);
        return value.OnlyWhenInputGradientWanted ? $"(inputGradient.IsEmpty ? default : {span})" : span;
    }

    static string RawSpan(Value value)
    {
        var owner = value.Owner;
        var name = Names.Pascal(owner);
        var perBatch = $"batch * {name}OutputLength";
        return value.Role switch
        {
            ValueRole.Empty => "global::System.Span<float>.Empty",
            ValueRole.EmptyReadOnly => "global::System.ReadOnlySpan<float>.Empty",
            ValueRole.NetworkInput => "input",
            ValueRole.InputGradient => "inputGradient",
            ValueRole.InputSkipGradient => "_inputSkipGradient.AsSpan(0, batch * InputLength)",
            ValueRole.Scratch => owner.Length == 0 ? "_gradientScratch.AsSpan(0, batch * InputLength)" : $"_gradientScratch.AsSpan(0, {perBatch})",
            ValueRole.ChannelMask => Names.Field(owner, "Mask"),
            ValueRole.SavedMean => Names.Field(owner, "SavedMean"),
            ValueRole.SavedInverseStd => Names.Field(owner, "SavedInverseStd"),
            ValueRole.Weight => $"_parameters.AsSpan({name}WeightOffset, {name}WeightLength)",
            ValueRole.Bias => $"_parameters.AsSpan({name}BiasOffset, {name}BiasLength)",
            ValueRole.WeightGradient => $"_gradients.AsSpan({name}WeightOffset, {name}WeightLength)",
            ValueRole.BiasGradient => $"_gradients.AsSpan({name}BiasOffset, {name}BiasLength)",
            ValueRole.RunningMean => $"_state.AsSpan({name}RunningMeanOffset, {name}Channels)",
            ValueRole.RunningVariance => $"_state.AsSpan({name}RunningVarOffset, {name}Channels)",
            ValueRole.Derived => Names.Field(owner, value.DerivedName ?? ""),
            _ => $"{Field(value)}.AsSpan(0, {perBatch})",
        };
    }

    /// <summary>The field of a per-batch buffer owned by a layer: <c>_conv1Output</c>, <c>_conv1OutputGradient</c>, <c>_add1SkipGradient</c>, <c>_pool1Argmax</c>.</summary>
    public static string Field(Value value) => Names.Field(value.Owner, value.Role switch
    {
        ValueRole.Activation => "Output",
        ValueRole.Gradient => "OutputGradient",
        ValueRole.SkipGradient => "SkipGradient",
        ValueRole.Argmax => "Argmax",
        ValueRole.Mask => "Mask",
        _ => value.Role.ToString(),
    });

    // ---- Geometry constants -----------------------------------------------------------------------------------

    public static string GeometryConstant(Conv2DConfig c) =>
        $"static readonly {Kernels}.ConvGeometry {Names.Pascal(c.Layer)}Geometry = new(Channels: {c.Channels}, Height: {c.Height}, Width: {c.Width}, Filters: {c.Filters}, Kernel: {c.Kernel}, Stride: {c.Stride}, Padding: {c.Padding}"
        + (c.Groups == 1 ? "" : $", Groups: {c.Groups}") + (c.Dilation == 1 ? "" : $", Dilation: {c.Dilation}") + ")"
        + Widths(("KernelWidth", c.KernelWidth), ("StrideWidth", c.StrideWidth), ("PaddingWidth", c.PaddingWidth), ("DilationWidth", c.DilationWidth)) + ";";

    public static string GeometryConstant(ConvTranspose2DConfig c) =>
        $"static readonly {Kernels}.ConvTransposeGeometry {Names.Pascal(c.Layer)}Geometry = new(Channels: {c.Channels}, Height: {c.Height}, Width: {c.Width}, Filters: {c.Filters}, Kernel: {c.Kernel}, Stride: {c.Stride}, Padding: {c.Padding}, OutputPadding: {c.OutputPadding})"
        + Widths(("KernelWidth", c.KernelWidth), ("StrideWidth", c.StrideWidth), ("PaddingWidth", c.PaddingWidth)) + ";";

    public static string GeometryConstant(Pool2DConfig c) =>
        $"static readonly {Kernels}.PoolGeometry {Names.Pascal(c.Layer)}Geometry = new(Channels: {c.Channels}, Height: {c.Height}, Width: {c.Width}, Size: {c.Size}, Stride: {c.Stride}, Padding: {c.Padding}"
        + (c.CeilMode ? ", CeilMode: true" : "") + (c.CountIncludePad ? "" : ", CountIncludePad: false") + ")"
        + Widths(("SizeWidth", c.SizeWidth), ("StrideWidth", c.StrideWidth), ("PaddingWidth", c.PaddingWidth)) + ";";

    /// <summary><c> { KernelWidth = 7, PaddingWidth = 3 }</c>: the width values of a rectangular geometry; nothing for a square one.</summary>
    static string Widths(params (string Name, int? Value)[] widths)
    {
        var set = widths.Where(w => w.Value is not null).Select(w => $"{w.Name} = {w.Value}").ToList();
        return set.Count == 0 ? "" : " { " + string.Join(", ", set) + " }";
    }

    public static string GeometryConstant(UpsampleConfig c) =>
        $"static readonly {Kernels}.UpsampleGeometry {Names.Pascal(c.Layer)}Geometry = new(Channels: {c.Channels}, Height: {c.Height}, Width: {c.Width}, Scale: {c.Scale});";
}
