using CnnGen.Generator.Program;

namespace CnnGen.Generator.Emit;

// The C# of the zoo's geometry ops (DESIGN §2c) and their geometry constants.
internal sealed partial class OpPrinter
{
    void PrintZooGeometry(ZooGeometryOp op)
    {
        switch (op)
        {
            case ZeroPad2DForward o:
                Call("ZeroPad2D.Forward", $"input: {Span(o.Input)}", $"output: {Span(o.Output)}", Geometry(o.Config.Layer), "batch: batch");
                break;
            case ZeroPad2DBackward o:
                Call("ZeroPad2D.Backward", $"outputGradient: {Span(o.OutputGradient)}", $"inputGradient: {Span(o.InputGradient)}", Geometry(o.Config.Layer), "batch: batch");
                break;
            case AdaptiveAvgPool2DForward o:
                Call("AdaptiveAvgPool2D.Forward", $"input: {Span(o.Input)}", $"output: {Span(o.Output)}", Geometry(o.Config.Layer), "batch: batch");
                break;
            case AdaptiveAvgPool2DBackward o:
                Call("AdaptiveAvgPool2D.Backward", $"outputGradient: {Span(o.OutputGradient)}", $"inputGradient: {Span(o.InputGradient)}", Geometry(o.Config.Layer), "batch: batch");
                break;
            case AdaptiveMaxPool2DForward o:
                Call("AdaptiveMaxPool2D.Forward", $"input: {Span(o.Input)}", $"output: {Span(o.Output)}", $"argmax: {Span(o.Argmax)}", Geometry(o.Config.Layer), "batch: batch");
                break;
            case AdaptiveMaxPool2DBackward o:
                Call("AdaptiveMaxPool2D.Backward", $"outputGradient: {Span(o.OutputGradient)}", $"argmax: {Span(o.Argmax)}", $"inputGradient: {Span(o.InputGradient)}",
                    Geometry(o.Config.Layer), "batch: batch");
                break;
            case NarrowForward o:
                Call("Narrow.Forward", $"input: {Span(o.Input)}", $"output: {Span(o.Output)}", $"channels: {o.Config.Channels}", $"start: {o.Config.Start}",
                    $"length: {o.Config.Length}", $"spatial: {o.Config.Spatial}", "batch: batch");
                break;
            case NarrowBackward o:
                Call("Narrow.Backward", $"outputGradient: {Span(o.OutputGradient)}", $"inputGradient: {Span(o.InputGradient)}", $"channels: {o.Config.Channels}",
                    $"start: {o.Config.Start}", $"length: {o.Config.Length}", $"spatial: {o.Config.Spatial}", "batch: batch", "accumulate: false");
                break;
            case ChannelShuffleForward o:
                Call("ChannelShuffle.Forward", $"input: {Span(o.Input)}", $"output: {Span(o.Output)}", $"channels: {o.Config.Channels}", $"groups: {o.Config.Groups}",
                    $"spatial: {o.Config.Spatial}", "batch: batch");
                break;
            case ChannelShuffleBackward o:
                Call("ChannelShuffle.Backward", $"outputGradient: {Span(o.OutputGradient)}", $"inputGradient: {Span(o.InputGradient)}", $"channels: {o.Config.Channels}",
                    $"groups: {o.Config.Groups}", $"spatial: {o.Config.Spatial}", "batch: batch");
                break;
            default:
                throw new System.InvalidOperationException($"no printer for {op.GetType().Name}");
        }
    }

    public static string GeometryConstant(PadConfig c) =>
        $"static readonly {Kernels}.PadGeometry {Names.Pascal(c.Layer)}Geometry = new(Channels: {c.Channels}, Height: {c.Height}, Width: {c.Width}, Left: {c.Left}, Right: {c.Right}, Top: {c.Top}, Bottom: {c.Bottom});";

    public static string GeometryConstant(AdaptivePoolConfig c) =>
        $"static readonly {Kernels}.AdaptivePoolGeometry {Names.Pascal(c.Layer)}Geometry = new(Channels: {c.Channels}, Height: {c.Height}, Width: {c.Width}, OutHeight: {c.OutHeight}, OutWidth: {c.OutWidth});";
}
