using System.Globalization;
using System.Text;

namespace CnnGen.Generator.Tests.Fuzz;

/// <summary>
/// Block cases: one to three <c>[Block]</c> classes (a basic residual block, a projection block, a bottleneck unit with
/// parameter arithmetic, an Inception-style Concat of branches reading the block's <c>"input"</c>, a plain convolution)
/// declared in the network's namespace, nested in a holder class or in the network, or in another namespace, and a
/// network that uses them one to three times with arguments that fit its shapes, module-path names (<c>layer2.0</c>),
/// <c>Input</c> and Add/Concat of use names, and sometimes a classifier block (Dropout, Dense) on the pooled vector as
/// the network's output. Then the mistakes of half-typed block code (see <see cref="MutateBlocks"/>).
/// </summary>
internal sealed partial class DeclarationFuzzer
{
    enum Template { Basic, Down, Unit, Mix, Plain, Head }

    enum Placement { Here, Holder, InNetwork, OtherNamespace }

    sealed class BlockDraft(string name, Template template)
    {
        public string Name = name;
        public readonly Template Template = template;
        public Placement Placement;
        public string Modifiers = "public static";
        public string Keyword = "class";
        /// <summary>Declared <c>&lt;T&gt;</c> when generic; how the network writes it then (<c>&lt;&gt;</c>, <c>&lt;int&gt;</c>).</summary>
        public string TypeParameters = "", TypeArguments = "";
        public readonly List<string> Marks = ["Block"];
        public readonly List<string> Layers = [];
        /// <summary>Declarations of the parameters (<c>const int Planes = 16</c>), in order.</summary>
        public readonly List<string> Fields = [];
        public readonly List<string> ParameterNames = [];
        /// <summary>When positive, the layers from this one on sit on a second partial declaration.</summary>
        public int Split = -1;

        /// <summary>How the network writes the type: qualified by its holder or namespace where it needs to be.</summary>
        public string Reference(string suffix) => Placement switch
        {
            Placement.Holder => "Blocks" + suffix + "." + Name + TypeArguments,
            Placement.OtherNamespace => "Lib" + suffix + "." + Name + TypeArguments,
            _ => Name + TypeArguments,
        };
    }

    /// <summary>A <c>[Use]</c>, written where the network holds its placeholder once the mutations are done.</summary>
    sealed class Use(BlockDraft block, List<string> arguments, string? name, string? input)
    {
        public readonly BlockDraft Block = block;
        public readonly List<string> Arguments = arguments;
        public readonly List<string> Named = [];
        public string? Name = name;
        public string? Input = input;
        /// <summary>Written instead when a mutation replaced the whole attribute.</summary>
        public string? Replacement;
        public string Placeholder = "";
    }

    /// <summary>An image shape: channels and side (height = width).</summary>
    readonly record struct Tensor(int Channels, int Side);

    /// <param name="drawnValid">No mutation was applied: the network must be accepted and its code compile.</param>
    string BlockCase(int index, string className, out bool drawnValid)
    {
        var suffix = index.ToString(CultureInfo.InvariantCulture);
        var blocks = new List<BlockDraft>();
        foreach (var template in Enum.GetValues<Template>().Where(t => t != Template.Head).OrderBy(_ => random.Next()).Take(random.Next(1, 4)))
        {
            var placement = random.Next(8) switch { 0 => Placement.Holder, 1 => Placement.InNetwork, 2 => Placement.OtherNamespace, _ => Placement.Here };
            var block = Draft(template, (placement == Placement.InNetwork ? "Nested" : "") + template + suffix, Qualifiers(placement, suffix, className));
            block.Placement = placement;
            blocks.Add(block);
        }

        // The network: a stem, uses whose arguments fit the running shape, flat layers between them, a head.
        var channels = random.Next(1, 5);
        var side = random.Next(4, 13);
        var network = new List<string> { $"Network({channels}, {side}, {side})" };
        var shapes = new Dictionary<string, Tensor> { ["input"] = new(channels, side) };
        var current = new Tensor(channels, side);
        if (random.Next(3) == 0)
        {
            current = current with { Channels = random.Next(1, 9) };
            network.Add($"Conv2D({current.Channels}, 3, Padding = 1, Name = \"stem\")");
            shapes["stem"] = current;
        }
        var uses = new List<Use>();
        var defaultCounts = new Dictionary<BlockDraft, int>();
        // Few uses of small blocks: a valid case's generated code is compiled, which is most of the test's time.
        var useCount = random.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 };
        var stage = random.Next(1, 4);
        var style = random.Next(4);
        for (var u = 0; u < useCount; u++)
        {
            var block = blocks[random.Next(blocks.Count)];
            string? input = null;
            if (u > 0 && random.Next(5) == 0)
            {
                input = shapes.Keys.ElementAt(random.Next(shapes.Count));
                current = shapes[input];
            }
            var (arguments, output) = Arguments(block, current);
            var name = style switch
            {
                0 => $"layer{stage}.{u}",
                1 => $"stage{stage}.{u}.unit",
                2 when random.Next(2) == 0 => null,
                _ => random.Next(2) == 0 ? $"b{u}" : $"blocks.{u}",
            };
            defaultCounts[block] = defaultCounts.GetValueOrDefault(block) + 1;
            var outputName = name ?? block.Name.ToLowerInvariant() + defaultCounts[block].ToString(CultureInfo.InvariantCulture);
            var use = new Use(block, arguments, name, input) { Placeholder = "\u0001" + u.ToString(CultureInfo.InvariantCulture) };
            uses.Add(use);
            network.Add(use.Placeholder);
            current = output;
            shapes[outputName] = current;
            if (random.Next(6) == 0) network.Add(random.Next(3) switch { 0 => "ReLU", 1 => "BatchNorm", _ => "SiLU" });
        }

        // Join two outputs of the same shape (Add) or the same side (Concat).
        var candidates = shapes.Where(s => s.Key != "input").ToList();
        if (candidates.Count > 1 && random.Next(3) == 0)
        {
            var first = candidates[random.Next(candidates.Count)];
            var same = candidates.Where(s => s.Key != first.Key && s.Value.Side == first.Value.Side).ToList();
            if (same.Count > 0)
            {
                var second = same[random.Next(same.Count)];
                var add = second.Value == first.Value && random.Next(2) == 0;
                network.Add($"{(add ? "Add" : "Concat")}(\"{first.Key}\", \"{second.Key}\")");
            }
        }
        network.Add(random.Next(3) == 0 ? "Flatten" : "GlobalAvgPool");
        var classes = random.Next(2, 6);
        if (random.Next(4) == 0)
        {
            // The classifier as a block on a vector: its Dense is the network's output.
            var head = Draft(Template.Head, "Head" + suffix, Qualifiers(Placement.Here, suffix, className));
            blocks.Add(head);
            var units = classes.ToString(CultureInfo.InvariantCulture);
            var use = new Use(head, head.Fields[0].EndsWith(" = " + units, StringComparison.Ordinal) && random.Next(2) == 0 ? [] : [units],
                random.Next(2) == 0 ? "fc" : null, null) { Placeholder = "\u0001head" };
            uses.Add(use);
            network.Add(use.Placeholder);
        }
        else
        {
            network.Add($"Dense({classes})");
        }
        network.Add(random.Next(4) == 0 ? "MeanSquaredError" : "SoftmaxCrossEntropy");

        var netModifiers = "public partial class";
        var mutations = MutateBlocks(blocks, network, uses, className, suffix, ref netModifiers);
        for (var i = 0; i < network.Count; i++)
        {
            if (uses.Find(x => x.Placeholder == network[i]) is { } placed) network[i] = placed.Replacement ?? UseAttribute(placed, suffix);
        }
        drawnValid = mutations == 0;
        if (random.Next(5) == 0)
        {
            Mutate(network);
            drawnValid = false;
        }
        if (random.Next(10) == 0)
        {
            Mutate(blocks[random.Next(blocks.Count)].Layers);
            drawnValid = false;
        }
        return Write(blocks, network, className, suffix, netModifiers);
    }

    /// <summary>A block of the given template, its parameters with random defaults, each reference to one bare or qualified.</summary>
    BlockDraft Draft(Template template, string name, string[] qualifiers)
    {
        var block = new BlockDraft(name, template)
        {
            Modifiers = random.Next(4) switch { 0 => "public", 1 => "internal sealed", 2 => "public static partial", _ => "public static" },
        };
        string P(string parameter) => random.Next(4) == 0 ? qualifiers[random.Next(qualifiers.Length)] + name + "." + parameter : parameter;
        void Parameters(params (string Name, int Value)[] parameters)
        {
            foreach (var (parameterName, value) in parameters)
            {
                block.ParameterNames.Add(parameterName);
                block.Fields.Add($"const int {parameterName} = {value}");
            }
        }
        var bias = random.Next(2) == 0 ? ", Bias = false" : "";
        switch (template)
        {
            case Template.Basic:
                Parameters(("Planes", random.Next(1, 9)));
                block.Layers.Add($"Conv2D({P("Planes")}, 3, Padding = 1{bias}, Name = \"conv1\")");
                if (random.Next(4) == 0) block.Layers.Add("BatchNorm(Name = \"bn1\")");
                block.Layers.Add("ReLU");
                block.Layers.Add($"Conv2D({P("Planes")}, 3, Padding = 1{bias}, Name = \"conv2\")");
                block.Layers.Add(random.Next(2) == 0 ? "Add(\"input\")" : "Add(\"conv2\", \"input\", Name = \"add\")");
                if (random.Next(2) == 0) block.Layers.Add("ReLU");
                break;
            case Template.Down:
                Parameters(("Planes", random.Next(1, 9)), ("Stride", random.Next(1, 3)));
                block.Layers.Add($"Conv2D({P("Planes")}, 3, Stride = {P("Stride")}, Padding = 1{bias}, Name = \"conv1\")");
                block.Layers.Add("ReLU");
                block.Layers.Add($"Conv2D({P("Planes")}, 3, Padding = 1{bias}, Name = \"conv2\")");
                block.Layers.Add($"Conv2D({P("Planes")}, 1, Stride = {P("Stride")}{bias}, Input = \"input\", Name = \"downsample.0\")");
                var projection = random.Next(2) == 0 ? "downsample.0" : "downsample.1";
                if (projection == "downsample.1") block.Layers.Add("BatchNorm(Name = \"downsample.1\")");
                block.Layers.Add($"Add(\"conv2\", \"{projection}\")");
                break;
            case Template.Unit:
                Parameters(("Width", random.Next(1, 9)), ("Kernel", random.Next(0, 3) * 2 + 1));
                block.Layers.Add($"Conv2D({P("Width")} * 2, {P("Kernel")}, Padding = ({P("Kernel")} - 1) / 2, Name = \"conv\")");
                block.Layers.Add("ReLU6");
                block.Layers.Add($"Conv2D({P("Width")}, 1, Name = \"proj\")");
                block.Layers.Add("Add(\"input\")");
                break;
            case Template.Mix:
                Parameters(("A", random.Next(1, 5)), ("B", random.Next(1, 5)));
                block.Layers.Add($"Conv2D({P("A")}, 1, Name = \"b1\")");
                block.Layers.Add($"Conv2D({P("B")}, 3, Padding = 1, Input = \"input\", Name = \"b2\")");
                block.Layers.Add(random.Next(2) == 0
                    ? "Concat(\"b1\", \"b2\")"
                    : "MaxPool2D(3, Stride = 1, Padding = 1, Input = \"input\", Name = \"pool\")] [Concat(\"b1\", \"b2\", \"pool\")");
                break;
            case Template.Head:
                Parameters(("Units", random.Next(2, 6)));
                if (random.Next(2) == 0) block.Layers.Add($"Dropout(0.{random.Next(0, 10)}, Name = \"drop\")");
                block.Layers.Add($"Dense({P("Units")}, Name = \"fc\")");
                break;
            default:
                Parameters(("Filters", random.Next(1, 9)), ("Kernel", random.Next(1, 3) * 2 - 1), ("Stride", random.Next(1, 3)));
                block.Layers.Add($"Conv2D({P("Filters")}, {P("Kernel")}, Stride = {P("Stride")}, Padding = {P("Kernel")} / 2{bias})");
                block.Layers.Add(random.Next(3) switch { 0 => "GELU", 1 => "Hardswish", _ => "ReLU" });
                break;
        }
        return block;
    }

    /// <summary>How a block's own attributes may qualify its name: not at all, by its holder, namespace, <c>global::</c>.</summary>
    static string[] Qualifiers(Placement placement, string suffix, string className) => placement switch
    {
        Placement.Holder => ["", "Blocks" + suffix + ".", "Fuzz.Blocks" + suffix + "."],
        Placement.InNetwork => ["", className + ".", "Fuzz." + className + "."],
        Placement.OtherNamespace => ["", "Lib" + suffix + ".", "global::Fuzz.Lib" + suffix + "."],
        _ => ["", "Fuzz.", "global::Fuzz."],
    };

    /// <summary>Arguments for a use of <paramref name="block"/> on <paramref name="input"/> that fit it, trailing defaults sometimes left out; the output shape.</summary>
    (List<string> Arguments, Tensor Output) Arguments(BlockDraft block, Tensor input)
    {
        int[] values;
        Tensor output;
        static int Strided(int side, int stride) => (side - 1) / stride + 1;
        switch (block.Template)
        {
            case Template.Basic:
                values = [input.Channels];
                output = input;
                break;
            case Template.Down:
                var stride = input.Side >= 2 ? random.Next(1, 3) : 1;
                values = [random.Next(1, 9), stride];
                output = new(values[0], Strided(input.Side, stride));
                break;
            case Template.Unit:
                values = [input.Channels, random.Next(0, 3) * 2 + 1];
                output = input;
                break;
            case Template.Mix:
                values = [random.Next(1, 5), random.Next(1, 5)];
                output = new(values[0] + values[1] + (block.Layers[^1].Contains("pool") ? input.Channels : 0), input.Side);
                break;
            default:
                var s = input.Side >= 2 ? random.Next(1, 3) : 1;
                values = [random.Next(1, 9), random.Next(1, 3) * 2 - 1, s];
                output = new(values[0], Strided(input.Side, s));
                break;
        }
        var written = values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToList();
        // Leave out trailing arguments equal to the field's default.
        while (written.Count > 0 && random.Next(2) == 0 && block.Fields[written.Count - 1].EndsWith(" = " + written[^1], StringComparison.Ordinal))
            written.RemoveAt(written.Count - 1);
        return (written, output);
    }

    string UseAttribute(Use use, string suffix)
    {
        var text = new StringBuilder();
        var arguments = use.Arguments.Count == 0 ? "" : ", " + string.Join(", ", use.Arguments);
        text.Append(random.Next(12) switch
        {
            0 when use.Arguments.Count > 0 => $"Use(typeof({use.Block.Reference(suffix)}), new[] {{ {string.Join(", ", use.Arguments)} }}",
            1 => $"Use(arguments: new int[] {{ {string.Join(", ", use.Arguments)} }}, block: typeof({use.Block.Reference(suffix)})",
            _ => $"Use(typeof({use.Block.Reference(suffix)}){arguments}",
        });
        if (use.Input is not null) text.Append(", Input = \"").Append(use.Input).Append('"');
        if (use.Name is not null) text.Append(", Name = \"").Append(use.Name).Append('"');
        foreach (var named in use.Named) text.Append(", ").Append(named);
        return text.Append(')').ToString();
    }

    static readonly string[] UseNames =
    [
        "layer 1", "1abc", "layer1.", ".x", "a..b", "input", "layer-1", "", "δ.0", "x.0b", "stem", "layer1.0.conv1", "Layer1.0",
        "class.0", "Forward", "a.b.c.d", "_.0", "layer1_0", "0", "input.0",
    ];

    static readonly string[] NotBlocks =
    [
        "int", "string", "int[]", "System.Collections.Generic.List<>", "Missing", "object", "Init", "NetworkAttribute", "UseAttribute",
    ];

    /// <summary>
    /// Zero to two of the mistakes half-typed block code has, so that every CNN0408 rule (not a class, not a block, a
    /// name that is not a module path or is <c>input</c>, a block that uses a block, more arguments than parameters, a
    /// block without layers, an argument that is not integer arithmetic of parameters), <c>[Use]</c> outside a network
    /// (CNN0003), mistakes inside a block (reported at the block with the use site) and the compiler's own errors are
    /// drawn. Returns how many were applied.
    /// </summary>
    int MutateBlocks(List<BlockDraft> blocks, List<string> network, List<Use> uses, string className, string suffix, ref string netModifiers)
    {
        var mutations = random.Next(8) == 0 ? 0 : random.Next(1, 3);
        for (var m = 0; m < mutations; m++)
        {
            var block = blocks[random.Next(blocks.Count)];
            var use = uses[random.Next(uses.Count)];
            var position = network.IndexOf(use.Placeholder);
            switch (random.Next(24))
            {
                case 0: // more arguments than parameters
                    while (use.Arguments.Count <= use.Block.ParameterNames.Count) use.Arguments.Add(random.Next(1, 5).ToString(CultureInfo.InvariantCulture));
                    break;
                case 1: // an argument of the wrong type or not constant
                    if (use.Arguments.Count == 0) use.Arguments.Add("1");
                    use.Arguments[random.Next(use.Arguments.Count)] = Junk[random.Next(Junk.Length)];
                    break;
                case 2: // typeof of a class that is no block, or of a missing type, or no type at all
                    use.Replacement = random.Next(4) switch
                    {
                        0 => $"Use(typeof({className}))",
                        1 => "Use(null)",
                        2 => "Use(typeof(" + NotBlocks[random.Next(NotBlocks.Length)] + "), 3)",
                        _ => "Use()",
                    };
                    break;
                case 3: // a block without layers (or with only non-layer attributes)
                    block.Layers.Clear();
                    if (random.Next(2) == 0) block.Marks.Add("Obsolete");
                    break;
                case 4: // a block that uses another block, or itself
                    var other = blocks[random.Next(blocks.Count)];
                    block.Marks.Add($"Use(typeof({(other == block ? block.Name : other.Reference(suffix))}))");
                    break;
                case 5: // parameters that are not int constants
                    if (block.Fields.Count == 0) break;
                    var f = random.Next(block.Fields.Count);
                    block.Fields[f] = random.Next(6) switch
                    {
                        0 => block.Fields[f].Replace("const int", "const long"),
                        1 => block.Fields[f].Replace("const int", "const short"),
                        2 => block.Fields[f].Replace("const int", "const double"),
                        3 => block.Fields[f].Replace("const int", "static readonly int"),
                        4 => block.Fields[f].Replace("const int", "const uint"),
                        _ => block.Fields[f].Replace("const int", "const byte"),
                    };
                    break;
                case 6: // duplicate use names
                    var twin = uses[random.Next(uses.Count)];
                    use.Name = twin.Name ?? "dup";
                    if (twin == use) twin = uses[^1];
                    twin.Name = use.Name;
                    break;
                case 7: // a name that is not a module path, or collides with another name
                    use.Name = random.Next(5) == 0 ? "input" : UseNames[random.Next(UseNames.Length)];
                    break;
                case 8: // the block in another namespace without a using, or nested and private
                    block.Placement = random.Next(2) == 0 ? Placement.OtherNamespace : Placement.Holder;
                    if (random.Next(2) == 0) block.Modifiers = "private static";
                    else block.Name += "X"; // the network still writes the old name: a missing type
                    break;
                case 9: // a [Block] class that is also a network, or a static network
                    if (random.Next(3) == 0)
                    {
                        netModifiers = "public static partial class";
                        break;
                    }
                    // Not when nested in the network: the test gives a network the CNN errors inside its declaration.
                    if (block.Placement == Placement.InNetwork) break;
                    block.Marks.Add($"Network({random.Next(1, 4)}, 8, 8)");
                    if (random.Next(2) == 0) block.Modifiers = random.Next(2) == 0 ? "public partial" : "public static partial";
                    break;
                case 10: // [Use] outside a network
                    network.RemoveAll(a => a.StartsWith("Network(", StringComparison.Ordinal) || (random.Next(2) == 0 && !a.StartsWith('\u0001')));
                    break;
                case 11: // a block argument that is not integer arithmetic of parameters and literals
                    if (block.Layers.Count == 0 || block.ParameterNames.Count == 0) break;
                    var p = block.ParameterNames[random.Next(block.ParameterNames.Count)];
                    var l = random.Next(block.Layers.Count);
                    var expression = random.Next(7) switch
                    {
                        0 => $"{p} * Sizes{suffix}.Two",
                        1 => $"(int){p}",
                        2 => $"{p} << 1",
                        3 => $"checked({p} * 2)",
                        4 => $"{p} / ({p} - {p})",
                        5 => $"{p} % {p} + 1",
                        _ => $"{p} * {p} * {p} * 1000",
                    };
                    block.Layers[l] = block.Layers[l].StartsWith("Conv2D(", StringComparison.Ordinal)
                        ? "Conv2D(" + expression + block.Layers[l].Substring(block.Layers[l].IndexOfAny([',', ')']))
                        : $"Dense({expression})";
                    break;
                case 12: // argument values out of range: zero, negative, huge (overflowing the arithmetic)
                    if (use.Arguments.Count == 0) use.Arguments.Add("1");
                    use.Arguments[random.Next(use.Arguments.Count)] = Size();
                    break;
                case 13: // the use reads an unknown, later or reserved name
                    use.Input = random.Next(3) switch { 0 => "nowhere", 1 => uses[^1].Name ?? "b9", _ => "input" };
                    break;
                case 14: // a mistake inside the block: an unknown name, a loss in the middle, a duplicate or invalid layer name
                    block.Layers.Insert(random.Next(block.Layers.Count + 1), random.Next(5) switch
                    {
                        0 => "Add(\"nowhere\")",
                        1 => "SoftmaxCrossEntropy",
                        2 => "ReLU(Name = \"conv1\")] [ReLU(Name = \"conv1\")",
                        3 => "ReLU(Input = \"" + Names[random.Next(Names.Length)] + "\")",
                        _ => "ReLU(Name = \"" + Names[random.Next(Names.Length)] + "\")",
                    });
                    break;
                case 15: // named arguments the attribute does not have, or cannot take
                    use.Named.Add(random.Next(4) switch { 0 => "Block = null", 1 => "Arguments = null", 2 => "Stride = 2", _ => "Name = null" });
                    break;
                case 16: // the network names a use before it exists, or a block layer by its inner name
                    network.Insert(Math.Max(1, position), $"Add(\"{use.Name ?? "b0"}\")");
                    break;
                case 17: // [Block] twice, or on the network
                    if (random.Next(2) == 0) block.Marks.Add("Block");
                    else network.Add("Block");
                    break;
                case 18: // a generic block
                    block.TypeParameters = "<T>";
                    block.TypeArguments = random.Next(3) switch { 0 => "<>", 1 => "<int>", _ => "" };
                    break;
                case 19: // a block whose only layer is a loss, or that ends in one
                    block.Layers.Add("MeanSquaredError");
                    if (random.Next(2) == 0) block.Layers.RemoveRange(0, block.Layers.Count - 1);
                    break;
                case 20: // a struct, record or interface marked [Block]
                    block.Modifiers = random.Next(2) == 0 ? "public" : "internal";
                    block.Keyword = random.Next(3) switch { 0 => "struct", 1 => "record", _ => "interface" };
                    break;
                case 22: // the block's layers split over two declarations (partial or not)
                    block.Split = random.Next(1, Math.Max(2, block.Layers.Count));
                    if (random.Next(2) == 0 && !block.Modifiers.Contains("partial", StringComparison.Ordinal)) block.Modifiers += " partial";
                    break;
                default: // an extra layer attribute on the use site, between uses
                    network.Insert(Math.Max(1, position + 1), random.Next(2) == 0 ? "Conv2D(" + Size() + ", 1)" : "ReLU");
                    break;
            }
        }
        return mutations;
    }

    /// <summary>The file: the blocks in the network's namespace (top level, in a holder, in the network) and in another namespace.</summary>
    static string Write(List<BlockDraft> blocks, List<string> network, string className, string suffix, string netModifiers)
    {
        var text = new StringBuilder("using CnnGen;\n\nnamespace Fuzz\n{\n");
        text.Append($"    static class Sizes{suffix} {{ public const int Two = 2; }}\n\n");
        foreach (var block in blocks.Where(b => b.Placement == Placement.Here)) WriteBlock(text, block, "    ");
        var held = blocks.Where(b => b.Placement == Placement.Holder).ToList();
        if (held.Count > 0)
        {
            text.Append($"    public static class Blocks{suffix}\n    {{\n");
            foreach (var block in held) WriteBlock(text, block, "        ");
            text.Append("    }\n\n");
        }
        foreach (var attribute in network) text.Append("    [").Append(attribute).Append("]\n");
        text.Append("    ").Append(netModifiers).Append(' ').Append(className);
        var nested = blocks.Where(b => b.Placement == Placement.InNetwork).ToList();
        if (nested.Count == 0) text.Append(";\n");
        else
        {
            text.Append("\n    {\n");
            foreach (var block in nested) WriteBlock(text, block, "        ");
            text.Append("    }\n");
        }
        text.Append("}\n");
        var elsewhere = blocks.Where(b => b.Placement == Placement.OtherNamespace).ToList();
        if (elsewhere.Count > 0)
        {
            text.Append($"\nnamespace Fuzz.Lib{suffix}\n{{\n");
            foreach (var block in elsewhere) WriteBlock(text, block, "    ");
            text.Append("}\n");
        }
        return text.ToString();
    }

    static void WriteBlock(StringBuilder text, BlockDraft block, string indent)
    {
        var split = block.Split > 0 && block.Split < block.Layers.Count ? block.Split : block.Layers.Count;
        foreach (var mark in block.Marks) text.Append(indent).Append('[').Append(mark).Append("]\n");
        foreach (var layer in block.Layers.Take(split)) text.Append(indent).Append('[').Append(layer).Append("]\n");
        text.Append(indent).Append(block.Modifiers).Append(' ').Append(block.Keyword).Append(' ').Append(block.Name).Append(block.TypeParameters);
        text.Append(block.Fields.Count == 0 ? ";\n\n" : " { " + string.Join(" ", block.Fields.Select(f => "public " + f + ";")) + " }\n\n");
        if (split == block.Layers.Count) return;
        foreach (var layer in block.Layers.Skip(split)) text.Append(indent).Append('[').Append(layer).Append("]\n");
        text.Append(indent).Append(block.Modifiers).Append(' ').Append(block.Keyword).Append(' ').Append(block.Name).Append(block.TypeParameters).Append(";\n\n");
    }
}
