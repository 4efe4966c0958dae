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

        var attributes = OrderedLayerAttributes(type, cancellationToken);
        if (attributes.Select(a => a.ApplicationSyntaxReference?.GetSyntax(cancellationToken).FirstAncestorOrSelf<TypeDeclarationSyntax>()).Distinct().Count() > 1)
            issues |= DeclarationIssues.LayersSplitAcrossDeclarations;

        var layers = ImmutableArray.CreateBuilder<LayerSpec>(attributes.Length);
        var counters = new Dictionary<string, int>();
        for (var index = 0; index < attributes.Length; index++)
        {
            var attribute = attributes[index];
            if (HasErrors(attribute)) issues |= DeclarationIssues.MalformedAttribute;
            LayerKinds.TryFromAttributeName(attribute.AttributeClass!.ToDisplayString(), out var kind);
            var prefix = LayerKinds.Definition(kind).NamePrefix;
            counters[prefix] = counters.TryGetValue(prefix, out var count) ? count + 1 : 1;
            layers.Add(ReadLayer(attribute, kind, index, prefix + counters[prefix]));
        }

        return new NetworkSpec(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "",
            type.Name,
            containing.ToImmutable().ToEquatableArray(),
            inputShape.ToEquatableArray(),
            layers.MoveToImmutable().ToEquatableArray(),
            issues);
    }

    /// <summary>
    /// The layer attributes of <paramref name="type"/> in source order (file path, then position): layer
    /// <c>Index</c> in the spec is a position in this list, which the analyzers use to find the attribute to report on.
    /// </summary>
    public static ImmutableArray<AttributeData> OrderedLayerAttributes(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        return type.GetAttributes()
            .Where(a => a.AttributeClass is not null && LayerKinds.TryFromAttributeName(a.AttributeClass.ToDisplayString(), out _))
            .Select(a => (Attribute: a, Syntax: a.ApplicationSyntaxReference))
            .OrderBy(x => x.Syntax?.SyntaxTree.FilePath ?? "", System.StringComparer.Ordinal)
            .ThenBy(x => x.Syntax?.Span.Start ?? 0)
            .Select(x => x.Attribute)
            .ToImmutableArray();
    }

    static LayerSpec ReadLayer(AttributeData attribute, LayerKind kind, int index, string defaultName)
    {
        var arguments = new AttributeArguments(attribute);
        var name = arguments.String("Name");
        var layer = new LayerSpec(kind, index, name ?? defaultName, name is not null) { Input = arguments.String("Input") };
        return LayerKinds.Definition(kind).Read(layer, arguments);
    }

    static bool HasErrors(AttributeData attribute) =>
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
