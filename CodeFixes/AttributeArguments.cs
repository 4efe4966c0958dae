using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnGen.CodeFixes;

/// <summary>Syntax helpers shared by the fixes that edit one attribute argument.</summary>
internal static class AttributeArguments
{
    /// <summary>The attribute whose span contains <paramref name="node"/> (the diagnostic may point at one of its arguments).</summary>
    public static AttributeSyntax? Enclosing(SyntaxNode? node) => node?.FirstAncestorOrSelf<AttributeSyntax>();

    /// <summary>
    /// The argument <paramref name="diagnostic"/> points at, when a fix may rewrite it: written as a literal
    /// (<c>2</c>, <c>-1</c>, <c>"conv1"</c>) in the network's own attribute. Null for a layer expanded from a block (reported
    /// with its <c>[Use]</c> as an additional location), whose argument is shared by every use or computed from the block's
    /// parameters, and for a value written as an expression.
    /// </summary>
    public static AttributeArgumentSyntax? EditableArgument(SyntaxNode? root, Diagnostic diagnostic)
    {
        if (root is null || diagnostic.AdditionalLocations.Count > 0) return null;
        var argument = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeArgumentSyntax>();
        return argument?.Expression switch
        {
            LiteralExpressionSyntax => argument,
            PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax } => argument,
            _ => null,
        };
    }

    /// <summary>
    /// <paramref name="attribute"/> with the named property <paramref name="name"/> set to <paramref name="value"/>:
    /// the existing <c>Name = ...</c> argument is replaced, or one is appended.
    /// </summary>
    public static AttributeSyntax WithNamedArgument(AttributeSyntax attribute, string name, ExpressionSyntax value)
    {
        var existing = attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        if (existing is not null)
            return attribute.ReplaceNode(existing, existing.WithExpression(value.WithTriviaFrom(existing.Expression)));

        var argument = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(name)), nameColon: null, value);
        var list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        return attribute.WithArgumentList(list.AddArguments(argument));
    }

    /// <summary><paramref name="document"/> with <paramref name="node"/> replaced by <paramref name="replacement"/>.</summary>
    public static async Task<Document> Replace(Document document, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
    }

    public static ExpressionSyntax Int(int value) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value));

    public static ExpressionSyntax String(string value) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value));
}
