using CnnGen.Generator.Tests.Infrastructure;

namespace CnnGen.Generator.Tests.Generator;

/// <summary>How the emitter sums the gradient of an output read by several layers, and where it may not fuse.</summary>
public class GraphEmissionTests
{
    /// <summary>'t' is read by 'a' (first, so it writes t's gradient), 'b', 'p' and the Concat (the later ones write its skip gradient).</summary>
    const string ThreeReaders = """
        using CnnGen;
        [Network(2, 6, 6)]
        [Conv2D(3, 3, Padding = 1, Name = "stem")] [Tanh(Name = "t")]
        [Conv2D(3, 3, Padding = 1, Name = "a")] [Conv2D(3, 1, Input = "t", Name = "b")]
        [AvgPool2D(3, Stride = 1, Padding = 1, Input = "t", Name = "p")]
        [Add("a", "b", "p", Name = "sum")] [Concat("t")] [Flatten] [Dense(3)] [MeanSquaredError]
        public partial class Sums;
        """;

    static string Generate(string source)
    {
        var (result, output) = GeneratorHarness.Run(source);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.Problems(output, result));
        return GeneratorHarness.NetworkSource(result.Results.Single()).SourceText.ToString();
    }

    [Fact]
    public void Later_readers_write_the_skip_gradient_in_backward_order_and_the_earliest_adds_it()
    {
        var code = Generate(ThreeReaders);
        var backward = code[code.IndexOf("void RunBackward", StringComparison.Ordinal)..];
        // The Concat runs first in backward: it overwrites t's skip gradient; p and b then add theirs through the scratch.
        var concat = backward.IndexOf("inputGradient: _tSkipGradient.AsSpan(0, batch * TOutputLength),", StringComparison.Ordinal);
        Assert.True(concat > 0, "the Concat writes t's skip gradient");
        Assert.Contains("accumulate: false", backward[concat..(concat + 300)]);
        var pooling = backward.IndexOf("AvgPool2D.Backward", StringComparison.Ordinal);
        var oneByOne = backward.IndexOf("// b:", StringComparison.Ordinal);
        var first = backward.IndexOf("// a:", StringComparison.Ordinal);
        Assert.True(concat < pooling && pooling < oneByOne && oneByOne < first, "backward visits the readers from the last to the first");
        Assert.Equal(2, Count(backward, "Elementwise.AddInPlace(source: _gradientScratch.AsSpan(0, batch * TOutputLength), target: _tSkipGradient.AsSpan(0, batch * TOutputLength));"));
        // a writes t's own gradient, then the skip gradient is added once, before t's backward.
        var collect = backward.IndexOf("Elementwise.AddInPlace(source: _tSkipGradient.AsSpan(0, batch * TOutputLength), target: _tOutputGradient.AsSpan(0, batch * TOutputLength));", StringComparison.Ordinal);
        var tanh = backward.IndexOf("Activations.TanhBackward", StringComparison.Ordinal);
        Assert.True(first < collect && collect < tanh, "the skip gradient is added after the earliest reader and before t's own backward");
        Assert.Contains("float[] _gradientScratch = [];", code);
    }

    [Fact]
    public void A_relu_that_a_second_layer_reads_is_not_folded_into_the_pooling()
    {
        var code = Generate("""
            using CnnGen;
            [Network(1, 8, 8)]
            [Conv2D(4, 3, Padding = 1)] [ReLU(Name = "r")] [MaxPool2D(2)]
            [Conv2D(4, 3, Stride = 2, Padding = 1, Input = "r")] [Add("pool1")]
            [Flatten] [Dense(2)] [SoftmaxCrossEntropy]
            public partial class Branches;
            """);
        // The pooling may not skip r's map: conv2 reads it. conv1's raw map has no other reader, so conv1 still writes
        // the rectified map straight into r's buffer, which both branches read.
        Assert.DoesNotContain("ForwardAfterReLU", code);
        Assert.Contains("Conv2D.ForwardWithReLU", code);
        Assert.Contains("MaxPool2D.Forward(\n            input: _rOutput.AsSpan(0, batch * ROutputLength),", code);
        Assert.Contains("input: _rOutput.AsSpan(0, batch * ROutputLength),\n            weight: _parameters.AsSpan(Conv2WeightOffset", code);
    }

    static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
