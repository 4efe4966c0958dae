using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using CnnGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnGen.CodeFixes;

/// <summary>
/// CNN0303 / CNN0306: removes the <c>[Softmax]</c> before <c>[SoftmaxCrossEntropy]</c> (or the <c>[Sigmoid]</c> before
/// <c>[BinaryCrossEntropy]</c>), since the loss applies it to the logits itself.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveRedundantActivationCodeFix)), Shared]
public sealed class RemoveRedundantActivationCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds =>
        ImmutableArray.Create(DiagnosticIds.SoftmaxBeforeCrossEntropy, DiagnosticIds.SigmoidBeforeBinaryCrossEntropy);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var attribute = AttributeArguments.Enclosing(root?.FindNode(diagnostic.Location.SourceSpan));
            if (attribute is null) continue;
            var what = diagnostic.Id == DiagnosticIds.SoftmaxBeforeCrossEntropy ? "Softmax" : "Sigmoid";
            context.RegisterCodeFix(CodeAction.Create(
                $"Remove the redundant [{what}] (the loss expects logits)",
                c => Remove(context.Document, attribute, c),
                equivalenceKey: nameof(RemoveRedundantActivationCodeFix)), diagnostic);
        }
    }

    static async Task<Document> Remove(Document document, AttributeSyntax attribute, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || attribute.Parent is not AttributeListSyntax list) return document;
        // [Softmax] alone in its list: drop the whole line; [Dense(10), Softmax]: drop just the attribute.
        SyntaxNode updated = list.Attributes.Count == 1
            ? root.RemoveNode(list, SyntaxRemoveOptions.KeepNoTrivia)!
            : root.RemoveNode(attribute, SyntaxRemoveOptions.KeepNoTrivia)!;
        return document.WithSyntaxRoot(updated);
    }
}
