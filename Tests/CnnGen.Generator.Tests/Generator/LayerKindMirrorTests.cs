namespace CnnGen.Generator.Tests.Generator;

/// <summary>
/// The generator (netstandard2.0, loaded by the compiler) cannot reference the runtime, so it keeps its own copy of
/// <c>LayerKind</c>; emitted code names runtime members by the generator's names. The two must stay the same list.
/// </summary>
public class LayerKindMirrorTests
{
    [Fact]
    public void Generator_and_runtime_layer_kinds_have_the_same_names_in_the_same_order()
    {
        Assert.Equal(Enum.GetNames<global::CnnGen.LayerKind>(), Enum.GetNames<CnnGen.Generator.Model.LayerKind>());
    }

    [Fact]
    public void Every_layer_kind_has_an_attribute_the_parser_recognises()
    {
        foreach (var kind in Enum.GetValues<CnnGen.Generator.Model.LayerKind>())
        {
            var attribute = typeof(global::CnnGen.NetworkAttribute).Assembly.GetType($"CnnGen.{kind}Attribute");
            Assert.True(attribute is not null, $"no CnnGen.{kind}Attribute in the runtime");
            Assert.True(CnnGen.Generator.Model.LayerKinds.TryFromAttributeName(attribute!.FullName!, out var parsed) && parsed == kind, $"{attribute.FullName} is not parsed as {kind}");
        }
    }
}
