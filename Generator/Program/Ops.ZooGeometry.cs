namespace CnnGen.Generator.Program;

// The zoo's geometry ops (DESIGN §2c), printed by OpPrinter.ZooGeometry.

/// <summary>An op of the zoo's geometry layers: <c>Emit/OpPrinter.PrintZooGeometry</c> prints it.</summary>
internal abstract record ZooGeometryOp : Op;

/// <summary><c>ZeroPad2D.Forward</c>: the input copied into the middle of a zeroed output.</summary>
internal sealed record ZeroPad2DForward(PadConfig Config, Value Input, Value Output) : ZooGeometryOp;

/// <summary><c>ZeroPad2D.Backward</c>: the output gradient's middle, the padding's gradient dropped.</summary>
internal sealed record ZeroPad2DBackward(PadConfig Config, Value OutputGradient, Value InputGradient) : ZooGeometryOp;

internal sealed record AdaptiveAvgPool2DForward(AdaptivePoolConfig Config, Value Input, Value Output) : ZooGeometryOp;

internal sealed record AdaptiveAvgPool2DBackward(AdaptivePoolConfig Config, Value OutputGradient, Value InputGradient) : ZooGeometryOp;

/// <summary><c>AdaptiveMaxPool2D.Forward</c>: each window's maximum, its index in the input plane kept in <paramref name="Argmax"/> (int).</summary>
internal sealed record AdaptiveMaxPool2DForward(AdaptivePoolConfig Config, Value Input, Value Output, Value Argmax) : ZooGeometryOp;

internal sealed record AdaptiveMaxPool2DBackward(AdaptivePoolConfig Config, Value OutputGradient, Value Argmax, Value InputGradient) : ZooGeometryOp;

internal sealed record NarrowForward(NarrowConfig Config, Value Input, Value Output) : ZooGeometryOp;

/// <summary><c>Narrow.Backward</c>, overwriting the input gradient (zeros outside the run).</summary>
internal sealed record NarrowBackward(NarrowConfig Config, Value OutputGradient, Value InputGradient) : ZooGeometryOp;

internal sealed record ChannelShuffleForward(ChannelShuffleConfig Config, Value Input, Value Output) : ZooGeometryOp;

internal sealed record ChannelShuffleBackward(ChannelShuffleConfig Config, Value OutputGradient, Value InputGradient) : ZooGeometryOp;
