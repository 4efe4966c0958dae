using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CnnGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnGen.Generator.Parsing;

/// <summary>
/// Reads a network class (symbols in) into a <see cref="NetworkSpec"/> (plain values out). Never throws on
/// half-typed code: missing or mistyped arguments mark the spec malformed and the compiler reports them.
/// </summary>
internal static class SpecReader
{
    public const string NetworkAttributeName = "CnnGen.NetworkAttribute";

    public static NetworkSpec Read(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var issues = DeclarationIssues.None;
        if (!IsPartial(type, cancellationToken)) issues |= DeclarationIssues.NotPartial;
        if (type.TypeParameters.Length > 0) issues |= DeclarationIssues.Generic;
        if (type.IsRecord) issues |= DeclarationIssues.Record;
        if (type.IsStatic) issues |= DeclarationIssues.Static;

        var containing = ImmutableArray.CreateBuilder<ContainingType>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.TypeParameters.Length > 0 || !IsPartial(outer, cancellationToken) || outer.TypeKind is not (TypeKind.Class or TypeKind.Struct))
                issues |= DeclarationIssues.UnsupportedContainingType;
            containing.Insert(0, new ContainingType(Keyword(outer), outer.Name));
        }

        var inputShape = ImmutableArray<int>.Empty;
        var networkAttribute = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == NetworkAttributeName);
        if (networkAttribute is null || HasErrors(networkAttribute))
        {
            issues |= DeclarationIssues.MissingInputShape;
        }
        else
        {
            inputShape = networkAttribute.ConstructorArguments.Select(a => a.Value is int value ? value : 0).ToImmutableArray();
            if (inputShape.Length is not (1 or 3) || inputShape.Any(d => d <= 0)) issues |= DeclarationIssues.MissingInputShape;
        }

        var attributes = OrderedDeclarationAttributes(type, cancellationToken);
        if (attributes.Select(a => a.ApplicationSyntaxReference?.GetSyntax(cancellationToken).FirstAncestorOrSelf<TypeDeclarationSyntax>()).Distinct().Count() > 1)
            issues |= DeclarationIssues.LayersSplitAcrossDeclarations;

        var layers = ImmutableArray.CreateBuilder<LayerSpec>(attributes.Length);
        var problems = ImmutableArray.CreateBuilder<Problem>();
        var counters = new Dictionary<string, int>();
        // A use's name stands for its block's output wherever the network names a layer.
        var outputs = new Dictionary<string, string>();
        string Resolve(string name) => outputs.TryGetValue(name, out var output) ? output : name;
        for (var index = 0; index < attributes.Length; index++)
        {
            var attribute = attributes[index];
            if (HasErrors(attribute)) issues |= DeclarationIssues.MalformedAttribute;
            if (attribute.AttributeClass!.ToDisplayString() == BlockExpander.UseAttributeName)
            {
                var blockName = BlockExpander.BlockOf(attribute)?.Name.ToLowerInvariant() ?? "block";
                // Uses are counted per block class, apart from the layer-kind prefixes (a block class may be called Conv).
                var useKey = "[Use] " + blockName;
                counters[useKey] = counters.TryGetValue(useKey, out var uses) ? uses + 1 : 1;
                var previous = layers.Count > 0 ? layers[layers.Count - 1].Name : LayerSpec.NetworkInputName;
                var expansion = BlockExpander.Expand(attribute, index, layers.Count, previous, blockName + counters[useKey], Resolve, cancellationToken);
                if (expansion.Problem is { } problem) problems.Add(problem);
                if (expansion.Malformed) issues |= DeclarationIssues.MalformedAttribute;
                layers.AddRange(expansion.Layers);
                if (expansion.Output is { } output) outputs[expansion.UseName] = output;
                continue;
            }
            LayerKinds.TryFromAttributeName(attribute.AttributeClass!.ToDisplayString(), out var kind);
            var prefix = LayerKinds.Definition(kind).NamePrefix;
            counters[prefix] = counters.TryGetValue(prefix, out var count) ? count + 1 : 1;
            var layer = ReadLayer(attribute, kind, layers.Count, prefix + counters[prefix]) with { Attribute = index };
            if (outputs.Count > 0)
                layer = layer with
                {
                    Input = layer.Input is { } input ? Resolve(input) : null,
                    Operands = layer.Operands.Select(Resolve).ToImmutableArray().ToEquatableArray(),
                };
            layers.Add(layer);
        }

        return new NetworkSpec(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "",
            type.Name,
            containing.ToImmutable().ToEquatableArray(),
            inputShape.ToEquatableArray(),
            layers.ToImmutable().ToEquatableArray(),
            issues) { ReadProblems = problems.ToImmutable().ToEquatableArray() };
    }

    /// <summary>
    /// The layer attributes of <paramref name="type"/> (a network or a block) in source order (file path, then position):
    /// a block layer's <see cref="LayerSpec.Attribute"/> is a position in this list, which the analyzers use to find the
    /// attribute to report on.
    /// </summary>
    public static ImmutableArray<AttributeData> OrderedLayerAttributes(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        return Ordered(type.GetAttributes()
            .Where(a => a.AttributeClass is not null && LayerKinds.TryFromAttributeName(a.AttributeClass.ToDisplayString(), out _)));
    }

    /// <summary>
    /// The network's layer and <c>[Use]</c> attributes in source order: <see cref="LayerSpec.Attribute"/> of the network's
    /// own layers and a use's position (<see cref="LayerSpec.UseSite"/>) are positions in this list.
    /// </summary>
    public static ImmutableArray<AttributeData> OrderedDeclarationAttributes(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        Ordered(type.GetAttributes().Where(a => a.AttributeClass is not null
            && (LayerKinds.TryFromAttributeName(a.AttributeClass.ToDisplayString(), out _) || a.AttributeClass.ToDisplayString() == BlockExpander.UseAttributeName)));

    static ImmutableArray<AttributeData> Ordered(IEnumerable<AttributeData> attributes) => attributes
        .Select(a => (Attribute: a, Syntax: a.ApplicationSyntaxReference))
        .OrderBy(x => x.Syntax?.SyntaxTree.FilePath ?? "", System.StringComparer.Ordinal)
        .ThenBy(x => x.Syntax?.Span.Start ?? 0)
        .Select(x => x.Attribute)
        .ToImmutableArray();

    public static LayerSpec ReadLayer(AttributeData attribute, LayerKind kind, int index, string defaultName, ImmutableDictionary<string, object>? overrides = null)
    {
        var arguments = new AttributeArguments(attribute, overrides);
        var name = arguments.String("Name");
        var layer = new LayerSpec(kind, index, name ?? defaultName, name is not null) { Input = arguments.String("Input"), Trainable = arguments.Bool("Trainable", true) };
        return LayerKinds.Definition(kind).Read(layer, arguments);
    }

    internal static bool HasErrors(AttributeData attribute) =>
        attribute.AttributeConstructor is null
        || attribute.AttributeClass is null or { TypeKind: TypeKind.Error }
        || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error)
        || attribute.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error);

    static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
            && declaration.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword)));

    static string Keyword(INamedTypeSymbol type) => (type.IsRecord, type.TypeKind) switch
    {
        (true, TypeKind.Struct) => "record struct",
        (true, _) => "record",
        (_, TypeKind.Struct) => "struct",
        _ => "class",
    };
}
