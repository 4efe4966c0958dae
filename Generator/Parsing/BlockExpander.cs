using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using CnnGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnGen.Generator.Parsing;

/// <summary>
/// Expands a <c>[Use(typeof(Block), args...)]</c> into the block's layers with nested names (<c>layer1.0.conv1</c>), so
/// everything after parsing sees one flat layer list. A block is a class with <c>[Block]</c>, layer attributes and
/// <c>const int</c> and <c>const float</c> fields (its parameters, in declaration order, their values the defaults). An
/// argument that refers to an int parameter is evaluated from its syntax (integer literals, parameters, + − × ÷ and
/// parentheses), since the compiler folded it with the default already; a float parameter is passed as written; arguments
/// without a parameter keep the compiled value.
/// </summary>
internal static class BlockExpander
{
    public const string BlockAttributeName = "CnnGen.BlockAttribute";
    public const string UseAttributeName = "CnnGen.UseAttribute";

    /// <summary>What a use made: its layers (already renamed), the name of its output, or a problem; whether a block attribute has compile errors.</summary>
    public readonly record struct Expansion(ImmutableArray<LayerSpec> Layers, string UseName, string? Output, Problem? Problem, bool Malformed = false);

    /// <param name="use">The <c>[Use]</c> attribute.</param>
    /// <param name="useAttribute">Its position among the network's ordered layer and use attributes.</param>
    /// <param name="firstIndex">The flat index of the block's first layer.</param>
    /// <param name="previous">The name of the layer before the use, or <c>"input"</c>.</param>
    /// <param name="defaultName">The use's name when <c>Name</c> is not written.</param>
    /// <param name="resolve">Maps a name written in the network (a use's name) to a flat layer name.</param>
    public static Expansion Expand(AttributeData use, int useAttribute, int firstIndex, string previous, string defaultName,
        System.Func<string, string> resolve, CancellationToken cancellationToken)
    {
        var arguments = new AttributeArguments(use);
        var useName = arguments.String("Name") ?? defaultName;
        Expansion Fail(string argument, string message, int element = 0) =>
            new(ImmutableArray<LayerSpec>.Empty, useName, null, new Problem(ProblemKind.InvalidBlockUse,
                ProblemLocation.Use(useAttribute, argument, element), ImmutableArray.Create($"[Use] '{useName}'", message).ToEquatableArray()));

        var block = BlockOf(use);
        if (block is null) return Fail("block", "typeof(...) must name a class");
        if (!block.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == BlockAttributeName))
            return Fail("block", $"'{block.Name}' is not a block: mark the class [Block]");
        if (!IsModulePath(useName))
            return Fail("Name", $"the name must be a module path of letters, digits, '_' and '-' starting with a letter or '_' (layer1.0, block1-0), got '{useName}'");
        if (useName == LayerSpec.NetworkInputName)
            return Fail("Name", "'input' names the network input (a use's name names its output): choose another name");
        if (block.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == UseAttributeName))
            return Fail("block", $"block '{block.Name}' uses another block; blocks do not nest");

        var parameters = Parameters(block, cancellationToken);
        var given = Given(use);
        if (given.Length > parameters.Length)
        {
            var list = parameters.Length == 0 ? "no parameters" : $"{parameters.Length} parameter(s) ({string.Join(", ", parameters.Select(p => p.Name))})";
            return Fail("arguments", $"block '{block.Name}' takes {list}, got {given.Length} argument(s)", parameters.Length);
        }
        // Int parameters evaluate in arithmetic; float parameters (a per-block rate) pass as written.
        var values = new Dictionary<string, long>();
        var floats = new Dictionary<string, double>();
        for (var i = 0; i < parameters.Length; i++)
        {
            var value = i < given.Length ? given[i] : parameters[i].Value;
            if (parameters[i].IsFloat)
            {
                floats[parameters[i].Name] = value;
                continue;
            }
            if (value != System.Math.Floor(value) || value is < int.MinValue or > int.MaxValue)
                return Fail("arguments", $"parameter '{parameters[i].Name}' of block '{block.Name}' is an int, got {value.ToString("R", CultureInfo.InvariantCulture)}", i);
            values[parameters[i].Name] = (long)value;
        }

        var input = arguments.String("Input") is { } written ? resolve(written) : previous;
        var attributes = SpecReader.OrderedLayerAttributes(block, cancellationToken);
        if (attributes.IsEmpty) return Fail("block", $"block '{block.Name}' declares no layers");

        var layers = ImmutableArray.CreateBuilder<LayerSpec>(attributes.Length);
        var counters = new Dictionary<string, int>();
        var malformed = false;
        string Local(string name) => name == LayerSpec.NetworkInputName ? input : useName + "." + name;
        for (var j = 0; j < attributes.Length; j++)
        {
            var attribute = attributes[j];
            malformed |= SpecReader.HasErrors(attribute);
            LayerKinds.TryFromAttributeName(attribute.AttributeClass!.ToDisplayString(), out var kind);
            var prefix = LayerKinds.Definition(kind).NamePrefix;
            counters[prefix] = counters.TryGetValue(prefix, out var count) ? count + 1 : 1;
            if (!TryOverrides(attribute, block.Name, values, floats, cancellationToken, out var overrides, out var failed))
                return Fail("block", $"in block '{block.Name}', layer {j + 1}: {failed}");
            var layer = SpecReader.ReadLayer(attribute, kind, firstIndex + j, prefix + counters[prefix], overrides);
            layer = layer with
            {
                Name = useName + "." + layer.Name,
                HasExplicitName = true,
                Input = layer.Input is { } read ? Local(read) : j == 0 && arguments.String("Input") is not null ? input : null,
                Operands = layer.Operands.Select(Local).ToImmutableArray().ToEquatableArray(),
                Attribute = j,
                UseSite = useAttribute,
            };
            layers.Add(layer);
        }
        var output = layers.LastOrDefault(l => !LayerKinds.Definition(l.Kind).IsLoss)?.Name;
        return new(layers.MoveToImmutable(), useName, output, null, malformed);
    }

    /// <summary>
    /// The class a <c>[Use]</c> names, or null. Only a type constant is read: when the arguments do not bind
    /// (<c>[Use(arguments: new[] { 1 }, block: typeof(Generic&lt;&gt;.Missing))]</c>) the constructor arguments come in
    /// written order, and reading an array constant's <c>Value</c> throws.
    /// </summary>
    public static INamedTypeSymbol? BlockOf(AttributeData use) =>
        use.ConstructorArguments.Length > 0 && use.ConstructorArguments[0].Kind == TypedConstantKind.Type ? use.ConstructorArguments[0].Value as INamedTypeSymbol : null;

    /// <summary>
    /// A layer name: a module path as a PyTorch <c>state_dict</c> key holds it, dot-separated segments of letters, digits,
    /// <c>_</c> and <c>-</c> (<c>layer1.0.conv1</c>, <c>trunk_output.block1.block1-0</c>), the first starting with a letter or
    /// <c>_</c> so the member names made from it (dots and dashes become <c>_</c>) are C# identifiers.
    /// </summary>
    public static bool IsModulePath(string name)
    {
        var segments = name.Split('.');
        return segments[0].Length > 0 && (char.IsLetter(segments[0][0]) || segments[0][0] == '_')
            && segments.All(s => s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || c is '_' or '-'));
    }

    /// <summary>
    /// The block parameters that <paramref name="use"/> gives a value (by position) and that the argument
    /// <paramref name="argument"/> of the block layer's attribute reads (null: any of its arguments), as
    /// (position among the parameters, name, value): when the layer is wrong, these values of the use made it so.
    /// </summary>
    public static ImmutableArray<(int Position, string Name, double Value)> UseArgumentsRead(AttributeData use, INamedTypeSymbol block,
        AttributeData layerAttribute, string? argument, CancellationToken cancellationToken)
    {
        var parameters = Parameters(block, cancellationToken);
        var given = Given(use);
        if (given.Length == 0 || layerAttribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax || syntax.ArgumentList is null)
            return ImmutableArray<(int, string, double)>.Empty;
        var values = parameters.ToDictionary(p => p.Name, p => (long)p.Value);
        var read = new HashSet<string>();
        foreach (var (name, written) in WrittenArguments(layerAttribute, syntax))
        {
            if (argument is not null && name != argument) continue;
            foreach (var e in written.Expression.DescendantNodesAndSelf().OfType<ExpressionSyntax>())
                if (Parameter(e, block.Name, values) is { } p) read.Add(p);
        }
        return Enumerable.Range(0, System.Math.Min(given.Length, parameters.Length))
            .Where(i => read.Contains(parameters[i].Name))
            .Select(i => (i, parameters[i].Name, given[i]))
            .ToImmutableArray();
    }

    /// <summary>The block arguments a <c>[Use]</c> gives, in order (empty when it gives none): <c>params int[]</c> or, with a float parameter, <c>params double[]</c>.</summary>
    static double[] Given(AttributeData use) =>
        use.ConstructorArguments.Length > 1 && use.ConstructorArguments[1].Kind == TypedConstantKind.Array && !use.ConstructorArguments[1].IsNull
            ? use.ConstructorArguments[1].Values.Select(v => v.Value switch { int i => i, double d => d, float f => (double)f, _ => 0.0 }).ToArray()
            : [];

    /// <summary>Each argument written in <paramref name="syntax"/> with the parameter or property it sets (null: a positional argument past the constructor's).</summary>
    static IEnumerable<(string? Name, AttributeArgumentSyntax Argument)> WrittenArguments(AttributeData attribute, AttributeSyntax syntax)
    {
        var parameters = attribute.AttributeConstructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
        var position = 0;
        foreach (var argument in syntax.ArgumentList?.Arguments ?? default)
        {
            var name = argument.NameEquals?.Name.Identifier.ValueText
                ?? argument.NameColon?.Name.Identifier.ValueText
                ?? (position < parameters.Length ? parameters[position].Name : null);
            if (argument.NameEquals is null && argument.NameColon is null) position++;
            yield return (name, argument);
        }
    }

    /// <summary>The block's parameters: its <c>const int</c> and <c>const float</c> (or <c>double</c>) fields in source order, with their values.</summary>
    static ImmutableArray<(string Name, double Value, bool IsFloat)> Parameters(INamedTypeSymbol block, CancellationToken cancellationToken) =>
        block.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f.IsConst && f.ConstantValue is int or float or double)
            .OrderBy(f => f.Locations.FirstOrDefault()?.SourceTree?.FilePath ?? "", System.StringComparer.Ordinal)
            .ThenBy(f => f.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
            .Select(f => (f.Name, f.ConstantValue switch { int i => i, float x => (double)x, _ => (double)f.ConstantValue! }, f.ConstantValue is not int))
            .ToImmutableArray();

    /// <summary>The arguments of <paramref name="attribute"/> that refer to a block parameter, evaluated with this use's values.</summary>
    static bool TryOverrides(AttributeData attribute, string blockName, Dictionary<string, long> values, Dictionary<string, double> floats,
        CancellationToken cancellationToken, out ImmutableDictionary<string, object>? overrides, out string failed)
    {
        overrides = null;
        failed = "";
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax || syntax.ArgumentList is null) return true;
        var builder = ImmutableDictionary.CreateBuilder<string, object>();
        var floatNames = floats.ToDictionary(f => f.Key, _ => 0L);
        foreach (var (name, argument) in WrittenArguments(attribute, syntax))
        {
            if (name is null) continue;
            if (Parameter(argument.Expression, blockName, floatNames) is { } rate)
            {
                builder[name] = floats[rate];
                continue;
            }
            if (References(argument.Expression, blockName, floatNames))
            {
                failed = $"'{argument.Expression}' reads a float parameter: pass a float parameter as written, without arithmetic";
                return false;
            }
            if (!References(argument.Expression, blockName, values)) continue;
            var why = "";
            var value = Evaluate(argument.Expression, blockName, values, ref why);
            if (value is < int.MinValue or > int.MaxValue) why = $"'{argument.Expression}' = {value} is outside the range of an int";
            if (why == NotArithmetic) why = $"'{argument.Expression}' must be integer arithmetic (+ - * / % and parentheses) of the block's parameters and literals";
            if (value is null || why.Length > 0)
            {
                failed = why;
                return false;
            }
            builder[name] = (int)value;
        }
        overrides = builder.Count == 0 ? null : builder.ToImmutable();
        return true;
    }

    static bool References(ExpressionSyntax expression, string blockName, Dictionary<string, long> values) =>
        expression.DescendantNodesAndSelf().OfType<ExpressionSyntax>().Any(e => Parameter(e, blockName, values) is not null);

    /// <summary>
    /// <c>Planes</c>, or the parameter qualified by the block's name however far (<c>BasicBlock.Planes</c>,
    /// <c>Blocks.BasicBlock.Planes</c>, <c>global::Vision.BasicBlock.Planes</c>): the parameter's name, else null.
    /// </summary>
    static string? Parameter(ExpressionSyntax expression, string blockName, Dictionary<string, long> values) => expression switch
    {
        IdentifierNameSyntax id when id.Parent is not MemberAccessExpressionSyntax && values.ContainsKey(id.Identifier.ValueText) => id.Identifier.ValueText,
        MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } access
            when LastName(access.Expression) == blockName && values.ContainsKey(member.Identifier.ValueText) => member.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The rightmost simple name of a (qualified) type name: <c>BasicBlock</c> of <c>Vision.BasicBlock</c>.</summary>
    static string? LastName(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax name => name.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        _ => null,
    };

    /// <summary>What <see cref="Evaluate"/> says of syntax it does not evaluate; the message then names the whole argument.</summary>
    const string NotArithmetic = "not arithmetic";

    /// <summary>
    /// The value of a block argument, or null with <paramref name="why"/> naming the failing operation: a division or
    /// remainder by zero (with the parameters' values), an overflow, or syntax that is not integer arithmetic.
    /// </summary>
    static long? Evaluate(ExpressionSyntax expression, string blockName, Dictionary<string, long> values, ref string why)
    {
        if (why.Length > 0) return null;
        if (Parameter(expression, blockName, values) is { } parameter) return values[parameter];
        switch (expression)
        {
            case LiteralExpressionSyntax literal when literal.Token.Value is int number:
                return number;
            case ParenthesizedExpressionSyntax parenthesized:
                return Evaluate(parenthesized.Expression, blockName, values, ref why);
            case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression):
                return -Evaluate(unary.Operand, blockName, values, ref why);
            case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryPlusExpression):
                return Evaluate(unary.Operand, blockName, values, ref why);
            case BinaryExpressionSyntax binary when binary.Kind() is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression
                or SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression or SyntaxKind.ModuloExpression:
                var left = Evaluate(binary.Left, blockName, values, ref why);
                var right = Evaluate(binary.Right, blockName, values, ref why);
                if (left is null || right is null) return null;
                if (right == 0 && binary.Kind() is SyntaxKind.DivideExpression or SyntaxKind.ModuloExpression)
                {
                    why = $"'{binary}' divides by zero ({Values(binary.Right, blockName, values)}{binary.Right} = 0)";
                    return null;
                }
                try
                {
                    return binary.Kind() switch
                    {
                        SyntaxKind.AddExpression => checked(left.Value + right.Value),
                        SyntaxKind.SubtractExpression => checked(left.Value - right.Value),
                        SyntaxKind.MultiplyExpression => checked(left.Value * right.Value),
                        // C#'s integer division and remainder (truncating), as the compiler would fold them.
                        SyntaxKind.DivideExpression => left / right,
                        _ => left % right,
                    };
                }
                catch (System.OverflowException)
                {
                    why = $"'{binary}' overflows";
                    return null;
                }
            default:
                why = NotArithmetic;
                return null;
        }
    }

    /// <summary>The parameters <paramref name="expression"/> reads with this use's values, as "Planes = 0 so ", or "" when it reads none.</summary>
    static string Values(ExpressionSyntax expression, string blockName, Dictionary<string, long> values)
    {
        var read = expression.DescendantNodesAndSelf().OfType<ExpressionSyntax>()
            .Select(e => Parameter(e, blockName, values)).Where(p => p is not null).Distinct().ToList();
        if (read.Count == 0 || (read.Count == 1 && expression.ToString() == read[0])) return "";
        return string.Join(", ", read.Select(p => $"{p} = {values[p!]}")) + " so ";
    }
}
