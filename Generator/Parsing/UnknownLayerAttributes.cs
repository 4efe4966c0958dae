using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnGen.Generator.Parsing;

/// <summary>
/// CNN0007: attributes on a <c>[Network]</c> or <c>[Block]</c> class whose type does not bind (the compiler's CS0246)
/// and whose name is a CnnGen layer's but for case or a small typo, or a PyTorch module's (<c>Linear</c>, <c>BatchNorm2d</c>).
/// </summary>
internal static class UnknownLayerAttributes
{
    /// <summary>One unknown attribute: its name node, the name as written, what to write instead, and the PyTorch module it names.</summary>
    public readonly record struct Unknown(SimpleNameSyntax Name, string Written, string Layer, bool Suffixed, string? PyTorchModule)
    {
        /// <summary>The identifier the code fix writes: the layer's, with <c>Attribute</c> when the user wrote it.</summary>
        public string Replacement => Suffixed ? Layer + Suffix : Layer;

        /// <summary>The message arguments of CNN0007: written name, suggested layer, " (nn.Module)" or nothing.</summary>
        public string[] MessageArguments => [Written, Layer, PyTorchModule is null ? "" : $" (nn.{PyTorchModule})"];
    }

    const string Suffix = "Attribute";

    /// <summary>PyTorch modules by name (any case) and the CnnGen layer each is written as.</summary>
    static readonly Dictionary<string, (string Module, string Layer)> PyTorchModules =
        new (string Module, string Layer)[]
        {
            ("Conv2d", "Conv2D"), ("ConvTranspose2d", "ConvTranspose2D"), ("Linear", "Dense"), ("LazyLinear", "Dense"),
            ("BatchNorm2d", "BatchNorm"), ("BatchNorm1d", "BatchNorm"), ("MaxPool2d", "MaxPool2D"), ("AvgPool2d", "AvgPool2D"),
            ("AdaptiveAvgPool2d", "GlobalAvgPool"), ("Dropout", "Dropout"), ("Dropout2d", "Dropout2D"), ("Flatten", "Flatten"),
            ("ReLU", "ReLU"), ("ReLU6", "ReLU6"), ("LeakyReLU", "LeakyReLU"), ("ELU", "ELU"), ("GELU", "GELU"), ("SiLU", "SiLU"),
            ("Hardswish", "Hardswish"), ("Sigmoid", "Sigmoid"), ("Tanh", "Tanh"), ("Softmax", "Softmax"), ("Upsample", "Upsample"),
            ("CrossEntropyLoss", "SoftmaxCrossEntropy"), ("BCEWithLogitsLoss", "BinaryCrossEntropy"), ("MSELoss", "MeanSquaredError"),
            ("L1Loss", "L1Loss"), ("SmoothL1Loss", "SmoothL1Loss"),
        }.ToDictionary(m => m.Module, StringComparer.OrdinalIgnoreCase);

    /// <summary>The unknown layer attributes of <paramref name="type"/> in source order; none unless it is a network or a block.</summary>
    public static ImmutableArray<Unknown> Find(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var attributes = type.GetAttributes();
        if (!attributes.Any(a => a.AttributeClass?.ToDisplayString() is SpecReader.NetworkAttributeName or BlockExpander.BlockAttributeName))
            return ImmutableArray<Unknown>.Empty;
        var found = ImmutableArray.CreateBuilder<Unknown>();
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass is not { TypeKind: TypeKind.Error }) continue;
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax) continue;
            if (Suggest(syntax.Name) is { } unknown) found.Add(unknown);
        }
        return found.ToImmutable();
    }

    /// <summary>The layer an unbound attribute name most likely meant, or null when none is close.</summary>
    static Unknown? Suggest(NameSyntax name)
    {
        var simple = name switch
        {
            QualifiedNameSyntax qualified => qualified.Right,
            AliasQualifiedNameSyntax aliased => aliased.Name,
            SimpleNameSyntax plain => plain,
            _ => null,
        };
        if (simple is null) return null;
        var written = simple.Identifier.ValueText;
        var suffixed = written.Length > Suffix.Length && written.EndsWith(Suffix, StringComparison.Ordinal);
        var bare = suffixed ? written.Substring(0, written.Length - Suffix.Length) : written;

        string? layer;
        string? module = null;
        if (PyTorchModules.TryGetValue(bare, out var pyTorch)) (layer, module) = (pyTorch.Layer, pyTorch.Module);
        else layer = NameSuggestion.Closest(bare, LayerKinds.WrittenNames);
        // The exact name of a layer that does not bind is a missing 'using CnnGen;', which the compiler's message covers.
        if (layer is null || layer == bare) return null;
        return new Unknown(simple, bare, layer, suffixed, module);
    }
}
