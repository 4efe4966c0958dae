using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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
/// Writes the analysis's <c>FixValue</c> in place of the argument at fault. CNN0401: a mistyped layer name becomes the one
/// earlier name it most likely meant (same but for case, or one edit per three characters). CNN0104: <c>OutputPadding</c>
/// becomes the nearest allowed value (stride − 1, or 0), and a <c>Groups</c> that does not divide the input channels becomes
/// the most groups dividing both the channels and the filters.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceArgumentCodeFix)), Shared]
public sealed class ReplaceArgumentCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.AddUnknownLayer, DiagnosticIds.InvalidHyperParameter);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixValue, out var value) || value is null) continue;
            if (AttributeArguments.EditableArgument(root, diagnostic) is not { } argument) continue;

            ExpressionSyntax replacement;
            string title;
            if (argument.Expression.IsKind(SyntaxKind.StringLiteralExpression))
            {
                replacement = AttributeArguments.String(value);
                title = $"Read '{value}'";
            }
            else if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                replacement = AttributeArguments.Int(number);
                title = argument.NameEquals is { } name ? $"Set {name.Name.Identifier.ValueText} = {number}" : $"Use {number}";
            }
            else continue;

            context.RegisterCodeFix(CodeAction.Create(title,
                c => AttributeArguments.Replace(context.Document, argument.Expression, replacement.WithTriviaFrom(argument.Expression), c),
                equivalenceKey: nameof(ReplaceArgumentCodeFix)), diagnostic);
        }
    }
}
