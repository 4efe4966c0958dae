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

/// <summary>CNN0001: adds <c>partial</c> to the network class (just before <c>class</c>/<c>record</c>, where C# wants it).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFix)), Shared]
public sealed class AddPartialCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.NotPartial);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (declaration is null || declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) continue;
            context.RegisterCodeFix(
                CodeAction.Create("Make the network class partial", c => AddPartial(context.Document, declaration, c), nameof(AddPartialCodeFix)),
                diagnostic);
        }
    }

    static async Task<Document> AddPartial(Document document, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        TypeDeclarationSyntax updated;
        if (declaration.Modifiers.Count == 0)
        {
            // Keep the attributes' line break: the keyword takes over the leading trivia of 'class'.
            var keyword = declaration.Keyword;
            updated = declaration
                .WithKeyword(keyword.WithLeadingTrivia())
                .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
        }
        else
        {
            updated = declaration.WithModifiers(declaration.Modifiers.Add(partial));
        }
        return document.WithSyntaxRoot(root.ReplaceNode(declaration, updated));
    }
}
