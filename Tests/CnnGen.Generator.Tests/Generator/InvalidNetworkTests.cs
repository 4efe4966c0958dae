using CnnGen.Generator.Tests.Infrastructure;

namespace CnnGen.Generator.Tests.Generator;

/// <summary>Invalid declarations generate nothing (the analyzers explain why) and never make the generator throw.</summary>
public class InvalidNetworkTests
{
    [Theory]
    [InlineData("[Network(1, 3, 3)] [Conv2D(4, 5)] [SoftmaxCrossEntropy] public partial class EmptyConv;")]
    [InlineData("[Network(1, 28, 28)] [Dense(10)] [SoftmaxCrossEntropy] public class NotPartial;")]
    [InlineData("[Network(10)] [Conv2D(4, 3)] public partial class ConvOnVector;")]
    [InlineData("[Network(10)] [Dense(0)] public partial class ZeroUnits;")]
    [InlineData("[Network(10)] [Dropout(1.0)] public partial class RateOne;")]
    [InlineData("[Network(10)] [Dense(3)] [SoftmaxCrossEntropy(LabelSmoothing = 1.5)] public partial class Oversmoothed;")]
    [InlineData("[Network(10)] [MeanSquaredError] [Dense(3)] public partial class LossFirst;")]
    [InlineData("[Network(10)] [Dense(3, Name = \"a\")] [Dense(3, Name = \"a\")] public partial class Duplicate;")]
    [InlineData("[Network(10)] [Dense(3)] [Add(\"nowhere\")] public partial class UnknownAdd;")]
    [InlineData("[Network(10)] [Dense(3)] [Add(\"dense1\")] [Dense(4)] [Add(\"dense1\")] public partial class AddShapes;")]
    [InlineData("[Network(0)] [Dense(3)] public partial class NoInput;")]
    [InlineData("[Network(100000, 100000, 100000)] [Dense(3)] public partial class Huge;")]
    [InlineData("[Network(4)] public partial class NoLayers;")]
    [InlineData("[Network(10)] [Dense(\"ten\")] public partial class WrongType;")]
    [InlineData("[Network(10)] [Dense(] public partial class SyntaxError;")]
    [InlineData("[Network(2, 8, 8)] [MaxPool2D(2, Padding = 2)] public partial class PoolPadding;")]
    [InlineData("[Network(4)] [Dense(2)] [MeanSquaredError] public partial class Summary;")]
    // Found by the declaration fuzz: a static network's generated part could not compile (CS0714, CS0708).
    [InlineData("[Network(4)] [Dense(2)] [MeanSquaredError] public static partial class StaticNet;")]
    [InlineData("[Block] [Network(4)] [Dense(2)] [MeanSquaredError] public static partial class StaticBlockNet;")]
    // Found by the declaration fuzz: named [Use] arguments that do not bind come in written order, the array first.
    [InlineData("[Block] [ReLU] public static class G<T> { public const int P = 1; } [Network(4)] [Use(arguments: new int[] { 1 }, block: typeof(G))] [Dense(2)] [MeanSquaredError] public partial class UnboundUse;")]
    public void GeneratesNothing(string declaration)
    {
        var (result, _) = GeneratorHarness.Run("using CnnGen;\n" + declaration);
        var run = result.Results.Single();
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratedSources);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CS8785" or "AD0001");
    }

    [Fact]
    public void WarningsDoNotStopGeneration()
    {
        // Stride 2 over 28 - 5 = 23 leaves a row unused (CNN0203, an info), and Softmax before SoftmaxCrossEntropy (CNN0303, a warning).
        var (result, output) = GeneratorHarness.Run("""
            using CnnGen;
            [Network(1, 28, 28)] [Conv2D(4, 5, Stride = 2)] [Dense(10)] [Softmax] [SoftmaxCrossEntropy]
            public partial class Warned;
            """);
        GeneratorHarness.NetworkSource(result.Results.Single());
        Assert.Empty(GeneratorHarness.Problems(output, result));
    }
}
