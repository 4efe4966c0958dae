using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using CnnGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnGen.CodeFixes;

/// <summary>
/// CNN0203: sets <c>Padding</c> to the smallest value with which every input row and column is read (<c>FixValue</c>). CNN0201/CNN0203 on a
/// stride-1 Conv2D with an odd kernel: also offers size-preserving "same" padding, <c>(kernel - 1) / 2</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PaddingCodeFix)), Shared]
public sealed class PaddingCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.StrideNotExact, DiagnosticIds.EmptyOutput);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var attribute = AttributeArguments.Enclosing(root?.FindNode(diagnostic.Location.SourceSpan));
            // A layer of a block (reported with its [Use] as an additional location) has one padding for every use, each
            // with its own input size: no single value is right.
            if (attribute is null || diagnostic.AdditionalLocations.Count > 0) continue;

            if (diagnostic.Id == DiagnosticIds.StrideNotExact && Read(diagnostic, DiagnosticProperties.FixValue) is { } exact)
            {
                context.RegisterCodeFix(CodeAction.Create(
                    $"Set Padding = {exact} so every input row and column is read",
                    c => SetPadding(context.Document, attribute, exact, c),
                    equivalenceKey: "ExactPadding"), diagnostic);
            }
            if (Read(diagnostic, DiagnosticProperties.SamePadding) is { } same)
            {
                context.RegisterCodeFix(CodeAction.Create(
                    $"Use \"same\" padding (Padding = {same}) to keep the height and width",
                    c => SetPadding(context.Document, attribute, same, c),
                    equivalenceKey: "SamePadding"), diagnostic);
            }
        }
    }

    static int? Read(Diagnostic diagnostic, string key) =>
        diagnostic.Properties.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    static Task<Document> SetPadding(Document document, AttributeSyntax attribute, int padding, CancellationToken cancellationToken) =>
        AttributeArguments.Replace(document, attribute, AttributeArguments.WithNamedArgument(attribute, "Padding", AttributeArguments.Int(padding)), cancellationToken);
}
