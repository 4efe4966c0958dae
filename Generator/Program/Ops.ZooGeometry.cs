namespace CnnGen.Generator.Program;

// The zoo's geometry ops (DESIGN §2c), printed by OpPrinter.ZooGeometry.

/// <summary>An op of the zoo's geometry layers: <c>Emit/OpPrinter.PrintZooGeometry</c> prints it.</summary>
internal abstract record ZooGeometryOp : Op;

/// <summary><c>ZeroPad2D.Forward</c>: the input copied into the middle of a zeroed output.</summary>
internal sealed record ZeroPad2DForward(PadConfig Config, Value Input, Value Output) : ZooGeometryOp;

/// <summary><c>ZeroPad2D.Backward</c>: the output gradient's middle, the padding's gradient dropped.</summary>
internal sealed record ZeroPad2DBackward(PadConfig Config, Value OutputGradient, Value InputGradient) : ZooGeometryOp;
