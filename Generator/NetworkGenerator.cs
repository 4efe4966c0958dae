using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Passes;
using CnnGen.Generator.Program;
using CnnGen.Generator.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnGen.Generator;

/// <summary>
/// Turns <c>[Network]</c> declarations into specialised forward and backward code:
/// attribute data → <see cref="NetworkSpec"/> → <see cref="NetworkAnalysis"/> → <see cref="NetworkPlan"/> →
/// <see cref="NetworkProgram"/> (lowered, with the passes' decisions made) → source.
/// Invalid networks produce no source; the analyzers report why (the generator itself only when the compiler would not
/// print them, see <see cref="DiagnosticsWithoutAnalyzers"/>).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                SpecReader.NetworkAttributeName,
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                transform: static (attributeContext, cancellationToken) =>
                    SpecReader.Read((INamedTypeSymbol)attributeContext.TargetSymbol, cancellationToken))
            .WithTrackingName(TrackingNames.Spec);

        var plans = specs
            .Select(static (spec, cancellationToken) => NetworkAnalysis.Analyze(spec, cancellationToken))
            .WithTrackingName(TrackingNames.Analysis)
            .Where(static result => result.Plan is not null)
            .Select(static (result, _) => result.Plan!)
            .WithTrackingName(TrackingNames.Plan);

        var programs = plans
            .Select(static (plan, cancellationToken) => Lowering.Lower(plan, cancellationToken))
            .WithTrackingName(TrackingNames.Program);

        context.RegisterSourceOutput(programs, static (productionContext, program) =>
            productionContext.AddSource(program.Plan.HintName, NetworkEmitter.Emit(program, productionContext.CancellationToken)));

        // The int8 form, in a second file, for the networks the quantization pass accepts.
        var quantized = programs
            .Select(static (program, cancellationToken) => Quantization.Quantize(program, cancellationToken))
            .WithTrackingName(TrackingNames.Quantized)
            .Where(static quantized => quantized.Refusal is null);
        context.RegisterSourceOutput(quantized, static (productionContext, quantized) =>
            productionContext.AddSource(quantized.HintName, QuantizedEmitter.Emit(quantized, productionContext.CancellationToken)));

        // While a network or block carries an attribute that does not bind, the compiler prints no analyzer diagnostic:
        // the generator reports them then (DiagnosticsWithoutAnalyzers), and otherwise nothing.
        var networkDiagnostics = context.SyntaxProvider
            .ForAttributeWithMetadataName(SpecReader.NetworkAttributeName,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax, DiagnosticsWithoutAnalyzers.OfNetwork)
            .Collect();
        var blockDiagnostics = context.SyntaxProvider
            .ForAttributeWithMetadataName(BlockExpander.BlockAttributeName,
                static (node, _) => node is TypeDeclarationSyntax, DiagnosticsWithoutAnalyzers.OfBlock)
            .Collect();
        context.RegisterSourceOutput(networkDiagnostics.Combine(blockDiagnostics), static (productionContext, pair) =>
            DiagnosticsWithoutAnalyzers.Report(productionContext, pair.Left, pair.Right));
    }
}
