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
            var prefix = kind.DefaultNamePrefix();
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
        var layer = new LayerSpec(kind, index, name ?? defaultName, name is not null);
        return kind switch
        {
            LayerKind.Conv2D => layer with
            {
                Count = arguments.Int("filters"),
                Kernel = arguments.Int("kernel"),
                Stride = arguments.Int("Stride", 1),
                Padding = arguments.Int("Padding"),
                Bias = arguments.Bool("Bias", true),
                Init = arguments.Int("Init", LayerSpec.InitHeNormal),
                InitValue = arguments.Double("InitValue", 1.0),
            },
            LayerKind.Dense => layer with
            {
                Count = arguments.Int("units"),
                Bias = arguments.Bool("Bias", true),
                Init = arguments.Int("Init", LayerSpec.InitHeNormal),
                InitValue = arguments.Double("InitValue", 1.0),
            },
            LayerKind.MaxPool2D or LayerKind.AvgPool2D => layer with
            {
                Kernel = arguments.Int("size"),
                Stride = arguments.Int("Stride", arguments.Int("size")),
                Padding = arguments.Int("Padding"),
            },
            LayerKind.LeakyReLU => layer with { Alpha = arguments.Double("slope", 0.01) },
            LayerKind.Dropout => layer with { Alpha = arguments.Double("rate") },
            LayerKind.BatchNorm => layer with
            {
                Momentum = arguments.Double("Momentum", 0.1),
                Epsilon = arguments.Double("Epsilon", 1e-5),
            },
            LayerKind.Add => layer with { From = arguments.String("from") ?? "" },
            LayerKind.SmoothL1Loss => layer with { Alpha = arguments.Double("Beta", 1.0) },
            _ => layer,
        };
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

    /// <summary>Looks an argument up by its constructor parameter name or named-property name.</summary>
    readonly struct AttributeArguments(AttributeData attribute)
    {
        object? Find(string name)
        {
            var parameters = attribute.AttributeConstructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
            for (var i = 0; i < parameters.Length && i < attribute.ConstructorArguments.Length; i++)
            {
                if (parameters[i].Name == name) return attribute.ConstructorArguments[i].Value;
            }
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == name) return named.Value.Value;
            }
            return null;
        }

        public int Int(string name, int fallback = 0) => Find(name) is int value ? value : fallback;

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
}
