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
/// CNN0101 on an optional argument (<c>Stride</c>, <c>Groups</c>, <c>Dilation</c>) written as 0 or less: removes it, so its
/// default applies (1; a pooling stride defaults to the window size). The default comes from the analysis (<c>FixValue</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveArgumentCodeFix)), Shared]
public sealed class RemoveArgumentCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.NonPositiveSize);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixValue, out var defaultValue) || defaultValue is null) continue;
            if (AttributeArguments.EditableArgument(root, diagnostic) is not { NameEquals: { } name, Parent: AttributeArgumentListSyntax list } argument) continue;
            context.RegisterCodeFix(CodeAction.Create(
                $"Remove {name.Name.Identifier.ValueText} = {argument.Expression} (the default, {defaultValue}, applies)",
                c => AttributeArguments.Replace(context.Document, list, list.WithArguments(list.Arguments.Remove(argument)), c),
                equivalenceKey: nameof(RemoveArgumentCodeFix)), diagnostic);
        }
    }
}
