using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
    // Each diagnostic's free name was chosen against the names before any rename, so two renames of one batch can pick
    // the same one (three layers named "hidden" both offer "hidden_2"): Fix All renames in source order and moves a name
    // already given in the batch, or written explicitly in the class, to the next free suffix.
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(RenameAllAsync);

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

    static async Task<Document?> RenameAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        var renames = new Dictionary<AttributeSyntax, string>();
        var taken = new Dictionary<SyntaxNode, HashSet<string>>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixValue, out var name) || name is null) continue;
            var attribute = AttributeArguments.Enclosing(root.FindNode(diagnostic.Location.SourceSpan));
            if (attribute is null || renames.ContainsKey(attribute)) continue;
            var owner = (SyntaxNode?)attribute.FirstAncestorOrSelf<TypeDeclarationSyntax>() ?? root;
            if (!taken.TryGetValue(owner, out var names)) taken[owner] = names = ExplicitNames(owner);
            while (!names.Add(name)) name = NextSuffix(name);
            renames[attribute] = name;
        }
        return document.WithSyntaxRoot(root.ReplaceNodes(renames.Keys,
            (original, _) => AttributeArguments.WithNamedArgument(original, "Name", AttributeArguments.String(renames[original]))));
    }

    /// <summary>Every <c>Name = "…"</c> written on the attributes of <paramref name="owner"/>.</summary>
    static HashSet<string> ExplicitNames(SyntaxNode owner) =>
        new(owner.DescendantNodes().OfType<AttributeArgumentSyntax>()
            .Where(a => a.NameEquals?.Name.Identifier.ValueText == "Name" && a.Expression is LiteralExpressionSyntax)
            .Select(a => ((LiteralExpressionSyntax)a.Expression).Token.ValueText));

    /// <summary><c>name_2</c> → <c>name_3</c>; a name without a numeric suffix gets <c>_2</c>.</summary>
    static string NextSuffix(string name)
    {
        var underscore = name.LastIndexOf('_');
        return underscore > 0 && int.TryParse(name.Substring(underscore + 1), out var n) && n >= 2
            ? $"{name.Substring(0, underscore)}_{n + 1}"
            : name + "_2";
    }

    static Task<Document> Rename(Document document, AttributeSyntax attribute, string name, CancellationToken cancellationToken) =>
        AttributeArguments.Replace(document, attribute, AttributeArguments.WithNamedArgument(attribute, "Name", AttributeArguments.String(name)), cancellationToken);
}
