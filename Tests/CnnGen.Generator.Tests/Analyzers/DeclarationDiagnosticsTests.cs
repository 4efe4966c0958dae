using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>CNN00xx: problems of the declaration itself, reported on the class identifier or the [Network] attribute.</summary>
public class DeclarationDiagnosticsTests
{
    [Fact]
    public Task ValidNetworkHasNoDiagnostics() => Analyzer("""
        [Network(1, 28, 28)]
        [Conv2D(8, 5)]
        [ReLU]
        [MaxPool2D(2)]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """);

    [Fact]
    public Task NotPartialIsReportedOnTheClassIdentifier() => Analyzer("""
        [Network(4)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public class {|#0:Net|};
        """,
        Diagnostic("CNN0001").WithLocation(0).WithArguments("Net"));

    [Fact]
    public Task BadInputShapeIsReportedOnTheNetworkAttribute() => Analyzer("""
        [{|#0:Network(1, 0, 28)|}]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0002").WithLocation(0).WithArguments("Net", "(1, 0, 28)"));

    [Fact]
    public Task LayerAttributesWithoutNetworkAreReportedOnTheFirstLayer() => Analyzer("""
        [{|#0:Dense(10)|}]
        [{|#1:SoftmaxCrossEntropy|}]
        public partial class Net;
        """,
        Diagnostic("CNN0003").WithLocation(0).WithLocation(1).WithArguments("Net"));

    [Fact]
    public Task LayersSplitAcrossPartialDeclarations() => Analyzer("""
        [Network(4)]
        [Dense(2)]
        public partial class {|#0:Net|};

        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0004").WithLocation(0).WithArguments("Net"));

    [Fact]
    public Task NetworkWithoutLayers() => Analyzer("""
        [{|#0:Network(4)|}]
        public partial class Net;
        """,
        Diagnostic("CNN0005").WithLocation(0).WithArguments("Net"));

    [Fact]
    public Task GenericNetworkIsUnsupported() => Analyzer("""
        [Network(4)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class {|#0:Net|}<T>;
        """,
        Diagnostic("CNN0006").WithLocation(0).WithArguments("Net", "generic network classes are not supported (sizes must be fixed)"));

    [Fact]
    public Task NetworkInsideANonPartialClassIsUnsupported() => Analyzer("""
        public class Outer
        {
            [Network(4)]
            [Dense(2)]
            [SoftmaxCrossEntropy]
            public partial class {|#0:Net|};
        }
        """,
        Diagnostic("CNN0006").WithLocation(0).WithArguments("Net", "every type containing it must be a non-generic partial class, struct or record"));

    [Fact]
    public Task RecordNetworkIsUnsupported() => Analyzer("""
        [Network(4)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial record {|#0:Net|};
        """,
        Diagnostic("CNN0006").WithLocation(0).WithArguments("Net", "a record cannot be a network (it owns mutable buffers, so value equality does not fit): declare it as a partial class"));

    /// <summary>A network is an instance (its part implements INetwork and holds buffers): a static class cannot be one.</summary>
    [Fact]
    public Task StaticNetworkIsUnsupported() => Analyzer("""
        [Network(4)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public static partial class {|#0:Net|};
        """,
        Diagnostic("CNN0006").WithLocation(0).WithArguments("Net", "a static class cannot be a network (a network is an instance that owns its buffers): remove 'static'"));
}
