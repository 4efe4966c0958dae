using CnnGen.Generator.Program;

namespace CnnGen.Generator.Tests.Program;

/// <summary>Block parameters may be <c>const float</c> fields passed in <c>[Use]</c> like the integer ones (DESIGN §2c).</summary>
public class BlockFloatParameterTests
{
    const string Block = """
        [Block]
        [Dense(Units, Name = "fc")] [LeakyReLU(Slope, Name = "act")] [Dropout(Rate, Name = "drop")]
        public static class Unit { public const int Units = 4; public const float Slope = 0.01f; public const double Rate = 0.5; }
        """;

    [Fact]
    public void EachUseGivesItsFloatParametersTheirOwnValues()
    {
        var program = Lowered.Program(Block + """
            [Network(3)]
            [Use(typeof(Unit), 6, 0.2, 0.125, Name = "a")]
            [Use(typeof(Unit), 5, 0.3, Name = "b")]
            [Use(typeof(Unit), Name = "c")]
            [Dense(2)]
            """);
        Assert.Equal((6, 0.2, 0.125), (Dense(program, "a.fc"), Slope(program, "a.act"), Rate(program, "a.drop")));
        Assert.Equal((5, 0.3, 0.5), (Dense(program, "b.fc"), Slope(program, "b.act"), Rate(program, "b.drop")));
        Assert.Equal((4, (double)0.01f, 0.5), (Dense(program, "c.fc"), Slope(program, "c.act"), Rate(program, "c.drop")));
    }

    /// <summary>The flat form keeps working: the same layers written out give the same program as the block used with those values.</summary>
    [Fact]
    public void AUseWithFloatsLowersAsTheFlatLayersDo()
    {
        var used = Lowered.Program(Block + """[Network(3)] [Use(typeof(Unit), 6, 0.2, 0.125, Name = "a")] [Dense(2, Name = "out")]""");
        var flat = Lowered.Program("""
            [Network(3)] [Dense(6, Name = "a.fc")] [LeakyReLU(0.2, Name = "a.act")] [Dropout(0.125, Name = "a.drop")] [Dense(2, Name = "out")]
            """);
        Assert.Equal(flat.ForwardOps("a.act"), used.ForwardOps("a.act"));
        Assert.Equal(flat.ForwardOps("a.drop"), used.ForwardOps("a.drop"));
    }

    static int Dense(NetworkProgram program, string layer) => Assert.IsType<DenseForward>(Assert.Single(program.ForwardOps(layer))).Config.Outputs;

    static double Slope(NetworkProgram program, string layer) => Assert.IsType<ActivationForward>(Assert.Single(program.ForwardOps(layer))).Config.Parameter;

    static double Rate(NetworkProgram program, string layer) => Assert.IsType<DropoutForward>(Assert.Single(program.ForwardOps(layer))).Config.Rate;
}
