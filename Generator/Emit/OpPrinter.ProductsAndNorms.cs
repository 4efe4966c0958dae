using CnnGen.Generator.Program;

namespace CnnGen.Generator.Emit;

// The kernel calls of the products, learnable scales and normalisations of DESIGN §2c (ops in Program/ProductNormOps.cs).
internal sealed partial class OpPrinter
{
    void PrintMultiplyForward(MultiplyForward o)
    {
        if (!o.Config.Broadcast)
        {
            Call("Multiply.Forward", $"a: {Span(o.A)}", $"b: {Span(o.B)}", $"output: {Span(o.Output)}");
            return;
        }
        Call("Multiply.ForwardChannels", $"input: {Span(o.A)}", $"scales: {Span(o.B)}", $"output: {Span(o.Output)}",
            $"channels: {o.Config.Channels}", $"spatial: {o.Config.Spatial}", "batch: batch");
    }

    void PrintMultiplyBackward(MultiplyBackward o) => Guarded(o.Guarded, () =>
    {
        if (!o.Config.Broadcast)
        {
            Call("Multiply.Backward", $"a: {Span(o.A)}", $"b: {Span(o.B)}", $"outputGradient: {Span(o.OutputGradient)}",
                $"aGradient: {Span(o.AGradient)}", $"bGradient: {Span(o.BGradient)}");
            return;
        }
        Call("Multiply.BackwardChannels", $"input: {Span(o.A)}", $"scales: {Span(o.B)}", $"outputGradient: {Span(o.OutputGradient)}",
            $"inputGradient: {Span(o.AGradient)}", $"scaleGradient: {Span(o.BGradient)}", $"channels: {o.Config.Channels}", $"spatial: {o.Config.Spatial}", "batch: batch");
    });

    void PrintPerChannelForward(PerChannelForward o) =>
        Call($"{o.Kernel}.Forward", $"input: {Span(o.Input)}", $"weight: {Span(o.Weight)}", $"output: {Span(o.Output)}",
            $"channels: {o.Config.Channels}", $"spatial: {o.Config.Spatial}", "batch: batch");

    void PrintPerChannelBackward(PerChannelBackward o) =>
        Call($"{o.Kernel}.Backward", $"input: {Span(o.Input)}", $"weight: {Span(o.Weight)}", $"outputGradient: {Span(o.OutputGradient)}",
            $"weightGradient: {Span(o.WeightGradient)}", $"inputGradient: {Span(o.InputGradient)}", $"channels: {o.Config.Channels}", $"spatial: {o.Config.Spatial}", "batch: batch");

    void PrintNormForward(NormForward o) =>
        Call($"{o.Config.Kernel}.Forward", [$"input: {Span(o.Input)}", $"output: {Span(o.Output)}", $"gamma: {Span(o.Gamma)}", $"beta: {Span(o.Beta)}",
            $"savedMean: {Span(o.SavedMean)}", $"savedInverseStd: {Span(o.SavedInverseStd)}", .. Sizes(o.Config), $"epsilon: {Names.Float(o.Config.Epsilon)}"]);

    void PrintNormBackward(NormBackward o) =>
        Call($"{o.Config.Kernel}.Backward", [$"input: {Span(o.Input)}", $"outputGradient: {Span(o.OutputGradient)}", $"gamma: {Span(o.Gamma)}",
            $"savedMean: {Span(o.SavedMean)}", $"savedInverseStd: {Span(o.SavedInverseStd)}", $"gammaGradient: {Span(o.GammaGradient)}",
            $"betaGradient: {Span(o.BetaGradient)}", $"inputGradient: {Span(o.InputGradient)}", .. Sizes(o.Config)]);

    /// <summary>channels, groups (GroupNorm only), spatial, batch.</summary>
    static string[] Sizes(NormConfig c) => c.Kernel == NormKernel.LayerNorm
        ? [$"channels: {c.Channels}", $"spatial: {c.Spatial}", "batch: batch"]
        : [$"channels: {c.Channels}", $"groups: {c.Groups}", $"spatial: {c.Spatial}", "batch: batch"];
}
