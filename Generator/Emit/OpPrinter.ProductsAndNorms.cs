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
}
