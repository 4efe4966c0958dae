using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnGen.Generator.Parsing;

/// <summary>
/// Maps a <see cref="ProblemLocation"/> back to source: the class identifier (-1), the <c>[Network]</c> attribute (-2),
/// a <c>[Use]</c> attribute (-3), or a layer's attribute narrowed to the named argument: the network's own (its
/// <see cref="LayerSpec.Attribute"/> among <see cref="SpecReader.OrderedDeclarationAttributes"/>), or, for a layer
/// expanded from a block, the block's attribute, with the <c>[Use]</c> that inserted it as the use site.
/// </summary>
internal sealed class ProblemLocator(INamedTypeSymbol type, NetworkSpec spec, CancellationToken cancellationToken)
{
    ImmutableArray<AttributeData>? declaration;

    ImmutableArray<AttributeData> Declaration => declaration ??= SpecReader.OrderedDeclarationAttributes(type, cancellationToken);

    /// <param name="location">Where the problem is.</param>
    /// <param name="useSite">For a layer of a block: the second location (the block's attribute when the use's arguments
    /// are at fault, else the <c>[Use]</c> attribute in the network); else null.</param>
    /// <param name="cause">When the use's arguments are at fault: the values it gives and the block, for the message.</param>
    public Location Locate(ProblemLocation location, out Location? useSite, out string? cause)
    {
        useSite = null;
        cause = null;
        if (location.LayerIndex == -2) return NetworkAttribute() ?? Identifier();
        if (location.LayerIndex == -3)
            return location.UseAttribute < Declaration.Length ? At(Declaration[location.UseAttribute], location) ?? Identifier() : Identifier();
        if (location.LayerIndex < 0 || location.LayerIndex >= spec.Layers.Count) return Identifier();

        var layer = spec.Layers[location.LayerIndex];
        if (layer.UseSite < 0)
            return layer.Attribute < Declaration.Length ? At(Declaration[layer.Attribute], location) ?? Identifier() : Identifier();
        if (layer.UseSite >= Declaration.Length) return Identifier();
        var use = Declaration[layer.UseSite];
        useSite = use.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();
        if (BlockExpander.BlockOf(use) is not { } block) return useSite ?? Identifier();
        var blockLayers = SpecReader.OrderedLayerAttributes(block, cancellationToken);
        if (layer.Attribute >= blockLayers.Length) return useSite ?? Identifier();
        var inBlock = At(blockLayers[layer.Attribute], location) ?? useSite ?? Identifier();
        // The block's line reads parameters the use gives: the use's argument is the mistake, the block's line the context.
        var given = BlockExpander.UseArgumentsRead(use, block, blockLayers[layer.Attribute], location.Argument, cancellationToken);
        if (given.IsEmpty || UseArgument(use, given[0].Position) is not { } written) return inBlock;
        useSite = inBlock;
        cause = $"{string.Join(", ", given.Select(g => $"{g.Name} = {g.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"))} given by the [Use], read by [{blockLayers[layer.Attribute].ApplicationSyntaxReference!.GetSyntax(cancellationToken)}] in block '{block.Name}'";
        return written.GetLocation();
    }

    /// <summary>
    /// The <paramref name="position"/>-th block argument of a <c>[Use]</c>: written after the type
    /// (<c>[Use(typeof(Block), a, b)]</c>) or as an element of an array (<c>new[] { a, b }</c>, <c>arguments: new int[] { a, b }</c>); else null.
    /// </summary>
    SyntaxNode? UseArgument(AttributeData use, int position)
    {
        if (use.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax || syntax.ArgumentList is null) return null;
        var arguments = syntax.ArgumentList.Arguments;
        var positional = arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList();
        var array = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "arguments")
            ?? (positional.Count == 2 ? positional[1] : null);
        var elements = array?.Expression switch
        {
            ArrayCreationExpressionSyntax created => created.Initializer?.Expressions,
            ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions,
            _ => null,
        };
        if (elements is { } written) return position < written.Count ? written[position] : null;
        return position + 1 < positional.Count ? positional[position + 1] : null;
    }

    Location? At(AttributeData attribute, ProblemLocation location)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax) return null;
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
