using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using CnnGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnGen.CodeFixes;

/// <summary>
/// CNN0007: renames an attribute that is not a CnnGen layer (<c>[Conv2d]</c>, <c>[Linear]</c>) to the layer it meant
/// (<c>FixValue</c>: <c>Conv2D</c>, <c>Dense</c>); its arguments are kept as written.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameAttributeCodeFix)), Shared]
public sealed class RenameAttributeCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.UnknownLayerAttribute);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixValue, out var replacement) || replacement is null) continue;
            if (root?.FindNode(diagnostic.Location.SourceSpan) is not SimpleNameSyntax name) continue;
            context.RegisterCodeFix(CodeAction.Create(
                $"Use [{replacement}]",
                c => Rename(context.Document, name, replacement, c),
                equivalenceKey: nameof(RenameAttributeCodeFix)), diagnostic);
        }
    }

    static async Task<Document> Rename(Document document, SimpleNameSyntax name, string replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        var identifier = SyntaxFactory.Identifier(name.Identifier.LeadingTrivia, replacement, name.Identifier.TrailingTrivia);
        return document.WithSyntaxRoot(root.ReplaceNode(name, name.WithIdentifier(identifier)));
    }
}
