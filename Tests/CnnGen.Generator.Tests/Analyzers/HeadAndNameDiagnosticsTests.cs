using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>CNN03xx loss heads and CNN04xx names and residual connections.</summary>
public class HeadAndNameDiagnosticsTests
{
    [Fact]
    public Task LossHeadNotLast() => Analyzer("""
        [Network(4)]
        [Dense(2)]
        [{|#0:SoftmaxCrossEntropy|}]
        [ReLU]
        public partial class Net;
        """,
        Diagnostic("CNN0301").WithLocation(0).WithArguments("loss1 (SoftmaxCrossEntropy)", "relu1 (ReLU)"));

    [Fact]
    public Task SecondLossHead() => Analyzer("""
        [Network(4)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        [{|#0:MeanSquaredError|}]
        public partial class Net;
        """,
        Diagnostic("CNN0301").WithSpan(5, 2, 5, 21).WithArguments("loss1 (SoftmaxCrossEntropy)", "loss2 (MeanSquaredError)"),
        Diagnostic("CNN0302").WithLocation(0).WithArguments("loss2 (MeanSquaredError)", "loss1"));

    [Fact]
    public Task SoftmaxBeforeSoftmaxCrossEntropy() => Analyzer("""
        [Network(4)]
        [Dense(2)]
        [{|#0:Softmax|}]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0303").WithLocation(0).WithArguments("softmax1 (Softmax)", "loss1 (SoftmaxCrossEntropy)"));

    [Fact]
    public Task NetworkWithoutLossHeadIsReported() => Analyzer("""
        [{|#0:Network(4)|}]
        [Dense(2)]
        [Softmax]
        public partial class Net;
        """,
        Diagnostic("CNN0304").WithLocation(0).WithArguments("Net"));

    [Fact]
    public Task SoftmaxCrossEntropyOverOneClass() => Analyzer("""
        [Network(4)]
        [Dense(1)]
        [{|#0:SoftmaxCrossEntropy|}]
        public partial class Net;
        """,
        Diagnostic("CNN0305").WithLocation(0).WithArguments("loss1 (SoftmaxCrossEntropy)", "1"));

    [Fact]
    public Task SigmoidBeforeBinaryCrossEntropy() => Analyzer("""
        [Network(4)]
        [Dense(1)]
        [{|#0:Sigmoid|}]
        [BinaryCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0306").WithLocation(0).WithArguments("sigmoid1 (Sigmoid)", "loss1 (BinaryCrossEntropy)"));

    [Fact]
    public Task AddNamingAnUnknownLayerIsReportedOnFrom() => Analyzer("""
        [Network(4)]
        [Dense(4)]
        [ReLU]
        [Add({|#0:"dense7"|})]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0401").WithLocation(0).WithArguments("add1 (Add from dense7)", "dense7", "dense1, relu1"));

    [Fact]
    public Task AddNamingALaterLayer() => Analyzer("""
        [Network(4)]
        [Dense(4)]
        [Add({|#0:"relu1"|})]
        [ReLU]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0402").WithLocation(0).WithArguments("add1 (Add from relu1)", "relu1"));

    [Fact]
    public Task AddWithAShapeThatDiffers() => Analyzer("""
        [Network(2, 8, 8)]
        [Conv2D(2, 3, Name = "stem")]
        [Conv2D(2, 3)]
        [Add({|#0:from: "stem"|})]
        [Flatten]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0403").WithLocation(0).WithArguments("add1 (Add from stem)", "'conv2' (2, 4, 4), 'stem' (2, 6, 6)"));

    [Fact]
    public Task DuplicateExplicitNameIsReportedOnName() => Analyzer("""
        [Network(4)]
        [Dense(8, Name = "hidden")]
        [Dense(2, {|#0:Name = "hidden"|})]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0404").WithLocation(0).WithArguments("hidden", "1", "2"));

    [Fact]
    public Task DuplicateDefaultNameIsReportedOnTheAttribute() => Analyzer("""
        [Network(4)]
        [Dense(8, Name = "dense2")]
        [{|#0:Dense(2)|}]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0404").WithLocation(0).WithArguments("dense2", "1", "2"));

    [Fact]
    public Task NamesThatDifferOnlyInTheFirstLetterCaseCollide() => Analyzer("""
        [Network(4)]
        [Dense(8, Name = "hidden")]
        [Dense(2, {|#0:Name = "Hidden"|})]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0404").WithLocation(0).WithArguments("Hidden", "1", "2"));
}
