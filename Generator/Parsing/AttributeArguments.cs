using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace CnnGen.Generator.Parsing;

/// <summary>
/// Looks an argument up by its constructor parameter name or named-property name; <paramref name="overrides"/> (a block
/// layer's arguments evaluated with the use's parameter values) take precedence over the compiled values.
/// </summary>
internal readonly struct AttributeArguments(AttributeData attribute, ImmutableDictionary<string, object>? overrides = null)
{
    /// <summary>The values of a <c>params string[]</c> argument (<c>from</c>) or of a single string; null elements read as "".</summary>
    public ImmutableArray<string> Strings(string name)
    {
        var parameters = attribute.AttributeConstructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
        for (var i = 0; i < parameters.Length && i < attribute.ConstructorArguments.Length; i++)
        {
            if (parameters[i].Name != name) continue;
            var argument = attribute.ConstructorArguments[i];
            if (argument.Kind == TypedConstantKind.Array)
            {
                // [Add(null)] passes a null array: no names (reported as an Add without operands).
                if (argument.IsNull) return ImmutableArray<string>.Empty;
                var values = ImmutableArray.CreateBuilder<string>(argument.Values.Length);
                foreach (var value in argument.Values) values.Add(value.Value as string ?? "");
                return values.MoveToImmutable();
            }
            return ImmutableArray.Create(argument.Value as string ?? "");
        }
        return ImmutableArray<string>.Empty;
    }

    object? Find(string name)
    {
        if (overrides is not null && overrides.TryGetValue(name, out var overridden)) return overridden;
        var parameters = attribute.AttributeConstructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
        for (var i = 0; i < parameters.Length && i < attribute.ConstructorArguments.Length; i++)
        {
            if (parameters[i].Name == name) return Scalar(attribute.ConstructorArguments[i]);
        }
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == name) return Scalar(named.Value);
        }
        return null;
    }

    /// <summary>A constant's value; null for an array, whose <c>Value</c> throws (arguments that do not bind come in written order).</summary>
    static object? Scalar(TypedConstant constant) => constant.Kind == TypedConstantKind.Array ? null : constant.Value;

    public int Int(string name, int fallback = 0) => Find(name) is int value ? value : fallback;

    /// <summary>Whether <paramref name="name"/> was written (a constructor parameter of the constructor used, or a named property).</summary>
    public bool Has(string name) => Find(name) is not null;

    public double Double(string name, double fallback = 0) => Find(name) switch
    {
        double value => value,
        float value => value,
        int value => value,
        _ => fallback,
    };

    public bool Bool(string name, bool fallback) => Find(name) is bool value ? value : fallback;

    public string? String(string name) => Find(name) as string;
}
