using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnGen.Analyzers;

/// <summary>
/// Maps a <see cref="ProblemLocation"/> back to source: the class identifier (-1), the <c>[Network]</c> attribute (-2),
/// or a layer attribute (its index in <see cref="SpecReader.OrderedLayerAttributes"/>) narrowed to the named argument.
/// </summary>
internal sealed class ProblemLocator(INamedTypeSymbol type, CancellationToken cancellationToken)
{
    ImmutableArray<AttributeData>? layers;

    public Location Locate(ProblemLocation location)
    {
        if (location.LayerIndex == -2) return NetworkAttribute() ?? Identifier();
        if (location.LayerIndex < 0) return Identifier();

        layers ??= SpecReader.OrderedLayerAttributes(type, cancellationToken);
        if (location.LayerIndex >= layers.Value.Length) return Identifier();
        var attribute = layers.Value[location.LayerIndex];
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax) return Identifier();
        var argument = location.Argument is null ? null : FindArgument(attribute, syntax, location.Argument, location.Element);
        return (argument ?? (SyntaxNode)syntax).GetLocation();
    }

    /// <summary>The identifier of the first declaration (in file order) that carries attributes, else the first declaration.</summary>
    Location Identifier()
    {
        var declarations = type.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(cancellationToken))
            .OfType<TypeDeclarationSyntax>()
            .OrderBy(d => d.SyntaxTree.FilePath, System.StringComparer.Ordinal)
            .ThenBy(d => d.SpanStart)
            .ToList();
        var declaration = declarations.FirstOrDefault(d => d.AttributeLists.Count > 0) ?? declarations.FirstOrDefault();
        return declaration?.Identifier.GetLocation() ?? type.Locations.FirstOrDefault() ?? Location.None;
    }

    Location? NetworkAttribute()
    {
        var network = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == SpecReader.NetworkAttributeName);
        return network?.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();
    }

    /// <summary>
    /// The argument written for <paramref name="name"/>: a named property (<c>Stride = 2</c>), a named constructor
    /// argument (<c>kernel: 3</c>), or the positional argument at that constructor parameter's position. Null when the
    /// argument is not written (its default is at fault), so the whole attribute is reported. For a <c>params</c>
    /// parameter, <paramref name="element"/> picks which of its positional values.
    /// </summary>
    static AttributeArgumentSyntax? FindArgument(AttributeData attribute, AttributeSyntax syntax, string name, int element)
    {
        var arguments = syntax.ArgumentList?.Arguments ?? default;
        foreach (var argument in arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == name || argument.NameColon?.Name.Identifier.ValueText == name)
                return argument;
        }

        var parameters = attribute.AttributeConstructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
        var position = 0;
        foreach (var argument in arguments)
        {
            if (argument.NameEquals is not null || argument.NameColon is not null) break;
            if (position < parameters.Length && parameters[position].Name == name)
            {
                if (!parameters[position].IsParams || element == 0) return argument;
                var target = arguments.IndexOf(argument) + element;
                return target < arguments.Count && arguments[target].NameEquals is null && arguments[target].NameColon is null ? arguments[target] : argument;
            }
            position++;
        }
        return null;
    }
}
