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
/// CNN0404 and CNN0107: gives the second layer of a duplicate name, or a layer named with the reserved <c>input</c>, the free
/// name the analysis chose (<c>FixValue</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameLayerCodeFix)), Shared]
public sealed class RenameLayerCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.DuplicateName, DiagnosticIds.ReservedLayerName);

    /// <inheritdoc />
    // No Fix All: each free name is chosen against the current names, so two renames at once could collide.
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixValue, out var name) || name is null) continue;
            var attribute = AttributeArguments.Enclosing(root?.FindNode(diagnostic.Location.SourceSpan));
            if (attribute is null) continue;
            context.RegisterCodeFix(CodeAction.Create(
                $"Rename the layer to '{name}'",
                c => Rename(context.Document, attribute, name, c),
                equivalenceKey: nameof(RenameLayerCodeFix)), diagnostic);
        }
    }

    static Task<Document> Rename(Document document, AttributeSyntax attribute, string name, CancellationToken cancellationToken) =>
        AttributeArguments.Replace(document, attribute, AttributeArguments.WithNamedArgument(attribute, "Name", AttributeArguments.String(name)), cancellationToken);
}
