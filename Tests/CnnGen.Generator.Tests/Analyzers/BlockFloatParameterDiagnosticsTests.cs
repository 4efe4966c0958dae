using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>A block's <c>const float</c> parameters (DESIGN §2c): what a use or a block layer may not do with them.</summary>
public class BlockFloatParameterDiagnosticsTests
{
    [Fact]
    public Task AFractionGivenToAnIntParameterIsReportedAtTheArgument() => Analyzer("""
        [Block]
        [Dense(Units)] [Dropout(Rate)]
        public static class Unit { public const int Units = 4; public const float Rate = 0.1f; }

        [Network(3)]
        [Use(typeof(Unit), {|#0:2.5|}, 0.2, Name = "a")]
        [Dense(2)] [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0408").WithLocation(0).WithArguments("[Use] 'a'", "parameter 'Units' of block 'Unit' is an int, got 2.5"));

    [Fact]
    public Task ArithmeticOnAFloatParameterIsReported() => Analyzer("""
        [Block]
        [Dense(4)] [Dropout(Rate / 2)]
        public static class Unit { public const float Rate = 0.2f; }

        [Network(3)]
        [Use({|#0:typeof(Unit)|}, 0.4, Name = "a")]
        [Dense(2)] [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0408").WithLocation(0).WithArguments("[Use] 'a'",
            "in block 'Unit', layer 2: 'Rate / 2' reads a float parameter: pass a float parameter as written, without arithmetic"));

    /// <summary>The rate a use gives is range-checked like a written one, reported on the block layer and the use.</summary>
    [Fact]
    public Task ARateOutOfRangeFromAUseIsReported() => Analyzer("""
        [Block]
        [Dense(4)] [Dropout({|#1:Rate|})]
        public static class Unit { public const float Rate = 0.2f; }

        [Network(3)]
        [Use(typeof(Unit), {|#0:1.5|}, Name = "a")]
        [Dense(2)] [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0103").WithLocation(0).WithLocation(1)
            .WithArguments("a.dropout1 (Dropout 1.5) (Rate = 1.5 given by the [Use], read by [Dropout(Rate)] in block 'Unit')", "1.5"));
}
