using System.Collections.Immutable;
using System.Linq;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CnnGen.Analyzers;

/// <summary>
/// Reports every problem of a <c>[Network]</c> declaration at the attribute or argument that causes it. Reads the class
/// with the generator's <see cref="SpecReader"/> and judges it with the generator's <see cref="NetworkAnalysis"/>,
/// so what is reported here is exactly why the generator emitted nothing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NetworkAnalyzer : DiagnosticAnalyzer
{
    const string LayerAttributeName = "CnnGen.LayerAttribute";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Without the runtime's attributes there is nothing to check (and nothing to generate).
            var networkAttribute = start.Compilation.GetTypeByMetadataName(SpecReader.NetworkAttributeName);
            var layerAttribute = start.Compilation.GetTypeByMetadataName(LayerAttributeName);
            if (networkAttribute is null || layerAttribute is null) return;
            start.RegisterSymbolAction(symbol => AnalyzeType(symbol, networkAttribute, layerAttribute), SymbolKind.NamedType);
        });
    }

    static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol networkAttribute, INamedTypeSymbol layerAttribute)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attributes = type.GetAttributes();
        if (attributes.IsEmpty) return;
        ReportUnknownLayerAttributes(context, type);

        if (!attributes.Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, networkAttribute)))
        {
            // A [Block] class carries layers without [Network]: they are checked where a network uses the block.
            if (attributes.Any(a => a.AttributeClass?.ToDisplayString() == BlockExpander.BlockAttributeName)) return;
            ReportLayersOutsideNetwork(context, type, layerAttribute);
            return;
        }
        // The generator only looks at classes and records ([Network] on anything else is a compiler error already).
        if (type.TypeKind != TypeKind.Class) return;

        var spec = SpecReader.Read(type, context.CancellationToken);
        var result = NetworkAnalysis.Analyze(spec, context.CancellationToken);
        if (result.Problems.Count == 0) return;

        foreach (var located in LocatedProblems.Of(type, spec, result.Problems, context.CancellationToken))
        {
            // The fixes' values are for the block's argument, not for the use's.
            var properties = located.UseArgumentsAtFault ? ImmutableDictionary<string, string?>.Empty : Properties(spec, located.Problem);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ByKind[located.Problem.Kind], located.Location,
                located.UseSite is null ? null : [located.UseSite], properties, located.MessageArguments));
        }
    }

    /// <summary>CNN0007: at the name of each attribute of a network or block that does not bind but names a layer nearly.</summary>
    static void ReportUnknownLayerAttributes(SymbolAnalysisContext context, INamedTypeSymbol type)
    {
        foreach (var unknown in UnknownLayerAttributes.Find(type, context.CancellationToken))
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.FixValue, unknown.Replacement);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownLayerAttribute, unknown.Name.GetLocation(),
                properties, unknown.MessageArguments.Cast<object?>().ToArray()));
        }
    }

    /// <summary>
    /// CNN0003: layer attributes (anything deriving from <c>CnnGen.LayerAttribute</c>, and <c>[Use]</c>, which inserts
    /// a block's layers) without <c>[Network]</c>, reported on the first one.
    /// </summary>
    static void ReportLayersOutsideNetwork(SymbolAnalysisContext context, INamedTypeSymbol type, INamedTypeSymbol layerAttribute)
    {
        var layers = type.GetAttributes()
            .Where(a => (DerivesFrom(a.AttributeClass, layerAttribute) || a.AttributeClass?.ToDisplayString() == BlockExpander.UseAttributeName)
                && a.ApplicationSyntaxReference is not null)
            .Select(a => a.ApplicationSyntaxReference!)
            .OrderBy(r => r.SyntaxTree.FilePath, System.StringComparer.Ordinal)
            .ThenBy(r => r.Span.Start)
            .ToList();
        if (layers.Count == 0) return;
        var first = Location.Create(layers[0].SyntaxTree, layers[0].Span);
        var others = layers.Skip(1).Select(r => Location.Create(r.SyntaxTree, r.Span));
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LayerOutsideNetwork, first, others, type.Name));
    }

    static bool DerivesFrom(INamedTypeSymbol? type, INamedTypeSymbol baseType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType)) return true;
        }
        return false;
    }

    /// <summary>What code fixes need, so they never re-analyse: the argument, the fix value, and "same" padding where it applies.</summary>
    static ImmutableDictionary<string, string?> Properties(NetworkSpec spec, Problem problem)
    {
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (problem.Location.Argument is { } argument)
            properties = properties.Add(DiagnosticProperties.Argument, argument);
        if (problem.FixValue is { } fixValue)
            properties = properties.Add(DiagnosticProperties.FixValue, fixValue);

        var index = problem.Location.LayerIndex;
        if (problem.Kind is ProblemKind.EmptyOutput or ProblemKind.StrideNotExact && index >= 0 && index < spec.Layers.Count)
        {
            var layer = spec.Layers[index];
            if (layer.Kind == LayerKind.Conv2D && layer.IsSquare && layer.Stride == 1 && layer.Kernel % 2 == 1 && layer.Kernel > 0)
                properties = properties.Add(DiagnosticProperties.SamePadding, NetworkAnalysis.Int((layer.Kernel - 1) / 2));
        }
        return properties;
    }
}
