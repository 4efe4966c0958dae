using System.Globalization;
using System.Text;

namespace CnnGen.Generator.Tests.Fuzz;

/// <summary>
/// Writes random network declarations: mostly plausible layer stacks (so many are valid and their generated code gets
/// compiled), then mutated with the mistakes half-typed code has: out-of-range, huge and non-constant arguments, wrong
/// types, missing or extra arguments, syntax errors inside attributes, odd names, odd class shapes, 0 and 500 layers.
/// One case in six declares reusable blocks and uses them (see <c>DeclarationFuzzer.Blocks.cs</c>).
/// </summary>
internal sealed partial class DeclarationFuzzer(int seed)
{
    /// <summary>What <see cref="Next"/> drew.</summary>
    public enum CaseKind { Flat, Blocks, ValidBlocks }

    readonly Random random = new(seed);

    static readonly string[] Junk =
    [
        "x", "\"3\"", "1.5", "true", "null", "int.MaxValue", "int.MinValue", "-2147483648", "2147483647", "1 << 30",
        "unchecked(int.MaxValue * 2)", "checked(int.MaxValue * 2)", "(int)2.9", "nameof(Fuzz)", "default", "1e400",
        "double.NaN", "double.PositiveInfinity", "-0.0", "new int[0]", "typeof(int)", "Init.Zeros", "(Init)42", "'c'", "",
        "3,", "4 4", "(", "]", "Stride =", "Padding = 3 =", "Name = 42", "Name = null", "Bias = 1", "Unknown = 1",
    ];

    static readonly string[] Names =
    [
        "conv1", "input", "dense1", "dense2", "relu1", "pool1", "stem", "hidden", "a", "A", "b", "class", "@class", "int", "_x",
        "x_1", "δ", "1abc", "my layer", "", "conv1_2", "Forward", "Parameters", "aWeight", "AWeight", "a_b", "Summary",
    ];

    /// <param name="index">The case number: it names the class (<c>Net12</c>) and every other type of the case.</param>
    /// <param name="className">The network's class name.</param>
    /// <param name="kind">Flat, a block case, or a block case drawn without mistakes (it must be accepted).</param>
    public string Next(int index, out string className, out CaseKind kind)
    {
        className = "Net" + index.ToString(CultureInfo.InvariantCulture);
        kind = CaseKind.Flat;
        if (random.Next(6) == 0)
        {
            var source = BlockCase(index, className, out var drawnValid);
            kind = drawnValid ? CaseKind.ValidBlocks : CaseKind.Blocks;
            return source;
        }
        var text = new StringBuilder("using CnnGen;\n\nnamespace Fuzz;\n\n");
        var image = random.Next(3) != 0;
        var layerCount = random.Next(1000) switch
        {
            0 => 500,
            < 30 => 0,
            _ => random.Next(1, 12),
        };

        var attributes = new List<string>();
        if (random.Next(40) != 0) attributes.Add(NetworkAttribute(image));
        attributes.AddRange(Layers(image, layerCount));
        Mutate(attributes);

        var keyword = random.Next(30) == 0 ? "record" : "class";
        var partial = (random.Next(60) switch { 0 => "static ", 1 => "abstract ", 2 => "sealed ", _ => "" }) + (random.Next(25) != 0 ? "partial " : "");
        var generic = random.Next(60) == 0 ? "<T>" : "";
        var nested = random.Next(30) == 0;
        var split = attributes.Count > 2 && random.Next(40) == 0 ? random.Next(1, attributes.Count) : -1;
        var indent = nested ? "    " : "";
        if (nested) text.Append(random.Next(2) == 0 ? "public partial class Outer" : "public class Outer").Append(className).Append("\n{\n");
        var first = split < 0 ? attributes : attributes.GetRange(0, split);
        foreach (var attribute in first) text.Append(indent).Append('[').Append(attribute).Append("]\n");
        text.Append(indent).Append("public ").Append(partial).Append(keyword).Append(' ').Append(className).Append(generic).Append(";\n");
        if (split >= 0)
        {
            foreach (var attribute in attributes.GetRange(split, attributes.Count - split)) text.Append(indent).Append('[').Append(attribute).Append("]\n");
            text.Append(indent).Append("public partial ").Append(keyword).Append(' ').Append(className).Append(generic).Append(";\n");
        }
        if (nested) text.Append("}\n");
        return text.ToString();
    }

    string NetworkAttribute(bool image) => random.Next(30) switch
    {
        0 => "Network(" + Size() + ")",
        1 => "Network(1, 2)",
        2 => "Network(" + Junk[random.Next(Junk.Length)] + ")",
        3 => "Network(65536, 65536, 4)",
        _ => image
            ? $"Network({random.Next(1, 5)}, {random.Next(1, 33)}, {random.Next(1, 33)})"
            : $"Network({random.Next(1, 65)})",
    };

    /// <summary>A plausible stack: tracks a rough shape so most layers fit, and usually ends with a loss head.</summary>
    IEnumerable<string> Layers(bool image, int count)
    {
        var height = image ? 32 : 0;
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            string layer;
            var pick = random.Next(20);
            if (image && height >= 4 && pick < 5)
            {
                var kernel = random.Next(1, 4) * 2 - 1;
                layer = $"Conv2D({random.Next(1, 9)}, {kernel}{Maybe(", Stride = " + random.Next(1, 3))}{Maybe(", Padding = " + (kernel / 2))}"
                    + $"{Maybe(", Groups = " + random.Next(1, 4))}{Maybe(", Dilation = " + random.Next(1, 3))})";
            }
            else if (image && height >= 4 && pick < 7)
            {
                layer = (random.Next(2) == 0 ? "MaxPool2D(2" : "AvgPool2D(2" + Maybe(", CountIncludePad = false")) + Maybe(", CeilMode = true") + ")";
                height /= 2;
            }
            else if (image && pick == 7)
            {
                layer = random.Next(2) == 0 ? "GlobalAvgPool" : "Flatten";
                image = false;
            }
            else if (pick < 11)
            {
                layer = $"Dense({random.Next(1, 17)})";
                image = false;
            }
            else if (image && height <= 16 && pick == 12)
            {
                // Layers that grow the image (DESIGN §2b), or channel dropout.
                var kernel = random.Next(1, 4);
                layer = random.Next(3) switch
                {
                    0 => $"Upsample({random.Next(1, 3)}{Maybe(", Bilinear = true")})",
                    1 => $"ConvTranspose2D({random.Next(1, 9)}, {kernel}{Maybe(", Stride = 2")}{Maybe(", Padding = " + (kernel / 2))}{Maybe(", OutputPadding = 1")})",
                    _ => $"Dropout2D(0.{random.Next(0, 10)})",
                };
                height *= 2;
            }
            else if (pick == 11 && names.Count > 0)
            {
                // Graph syntax: Add or Concat of one name (the shorthand) or two ("input" included).
                var kind = random.Next(2) == 0 ? "Add" : "Concat";
                string Pick() => random.Next(6) == 0 ? "input" : names[random.Next(names.Count)];
                layer = random.Next(2) == 0 ? $"{kind}(\"{Pick()}\")" : $"{kind}(\"{Pick()}\", \"{Pick()}\")";
            }
            else
            {
                layer = random.Next(13) switch
                {
                    0 => "ReLU",
                    1 => "Sigmoid",
                    2 => "Tanh",
                    3 => $"LeakyReLU({Number()})",
                    4 => $"Dropout(0.{random.Next(0, 10)})",
                    5 => "BatchNorm" + Maybe("(Momentum = 0.2)"),
                    6 => "Softmax",
                    7 => "ReLU6",
                    8 => $"ELU({Number()})",
                    9 => "GELU",
                    10 => "SiLU",
                    11 => "Hardswish",
                    _ => "ReLU",
                };
            }
            if (names.Count > 0 && random.Next(10) == 0)
            {
                // A branch: read an earlier layer (or the network input) instead of the previous one.
                var source = random.Next(4) == 0 ? "input" : names[random.Next(names.Count)];
                layer = layer.Contains('(') ? layer.Insert(layer.Length - 1, $", Input = \"{source}\"") : layer + $"(Input = \"{source}\")";
            }
            if (random.Next(8) == 0)
            {
                var name = Names[random.Next(Names.Length)];
                layer = layer.Contains('(') ? layer.Insert(layer.Length - 1, $", Name = \"{name}\"") : layer + $"(Name = \"{name}\")";
                names.Add(name);
            }
            yield return layer;
        }
        if (count > 0 && random.Next(6) != 0)
        {
            yield return random.Next(6) switch
            {
                0 => "MeanSquaredError",
                1 => "BinaryCrossEntropy",
                2 => "L1Loss",
                3 => "SmoothL1Loss" + Maybe("(Beta = 0.5)"),
                _ => "SoftmaxCrossEntropy",
            };
        }
    }

    /// <summary>Zero to three mistakes: replace or add an argument, drop or swap attributes, or break the syntax.</summary>
    void Mutate(List<string> attributes)
    {
        var mutations = random.Next(4) == 0 ? 0 : random.Next(1, 4);
        for (var m = 0; m < mutations && attributes.Count > 0; m++)
        {
            var i = random.Next(attributes.Count);
            var attribute = attributes[i];
            switch (random.Next(12))
            {
                case 0:
                case 1:
                    attributes[i] = ReplaceArgument(attribute, Size());
                    break;
                case 2:
                    attributes[i] = ReplaceArgument(attribute, Junk[random.Next(Junk.Length)]);
                    break;
                case 3:
                    attributes[i] = AddNamed(attribute, random.Next(6) switch
                    {
                        5 => "Input = \"" + (random.Next(3) == 0 ? "input" : Names[random.Next(Names.Length)]) + "\"",
                        0 => "Stride = " + Size(),
                        1 => "Padding = " + Size(),
                        2 => "Name = \"" + Names[random.Next(Names.Length)] + "\"",
                        3 => "Init = (Init)" + random.Next(-2, 11),
                        _ => "InitValue = " + Number(),
                    });
                    break;
                case 4:
                    attributes.RemoveAt(i);
                    break;
                case 5:
                    var j = random.Next(attributes.Count);
                    (attributes[i], attributes[j]) = (attributes[j], attributes[i]);
                    break;
                case 6:
                    attributes[i] = attribute.Length > 1 ? attribute.Substring(0, random.Next(1, attribute.Length)) : attribute;
                    break;
                case 7:
                    attributes.Insert(i, random.Next(6) switch
                    {
                        0 => "Conv2D(" + Size() + ", " + Size() + ")",
                        1 => "Dropout(" + Number() + ")",
                        2 => "BatchNorm(Epsilon = " + Number() + ")",
                        3 => "SoftmaxCrossEntropy",
                        4 => "Concat(\"" + Names[random.Next(Names.Length)] + "\", \"" + Names[random.Next(Names.Length)] + "\")",
                        _ => "Add(\"" + Names[random.Next(Names.Length)] + "\")",
                    });
                    break;
                case 8:
                    attributes[i] = attribute.Replace("(", "(" + Junk[random.Next(Junk.Length)] + ", ");
                    break;
                case 9:
                    attributes[i] = "Conv2D()";
                    break;
                case 10:
                    attributes.Insert(i, "Obsolete");
                    break;
                default:
                    attributes[i] = attribute + Junk[random.Next(Junk.Length)];
                    break;
            }
        }
    }

    string ReplaceArgument(string attribute, string value)
    {
        var open = attribute.IndexOf('(');
        if (open < 0) return attribute + "(" + value + ")";
        var close = attribute.IndexOfAny([',', ')'], open);
        return close < 0 ? attribute + value : attribute.Substring(0, open + 1) + value + attribute.Substring(close);
    }

    static string AddNamed(string attribute, string argument) =>
        attribute.EndsWith(')') ? attribute.Insert(attribute.Length - 1, (attribute.EndsWith("()") ? "" : ", ") + argument) : attribute + "(" + argument + ")";

    string Maybe(string text) => random.Next(3) == 0 ? text : "";

    /// <summary>Sizes around the interesting edges: 0, negatives, small, large, overflowing.</summary>
    string Size() => random.Next(10) switch
    {
        0 => "0",
        1 => "-" + random.Next(1, 5),
        2 => "int.MaxValue",
        3 => random.Next(100_000, int.MaxValue).ToString(CultureInfo.InvariantCulture),
        4 => "46341",
        _ => random.Next(1, 40).ToString(CultureInfo.InvariantCulture),
    };

    string Number() => random.Next(8) switch
    {
        0 => "double.NaN",
        1 => "double.PositiveInfinity",
        2 => "-1.0",
        3 => "1.0",
        4 => "1e-300",
        _ => (random.NextDouble()).ToString("0.###", CultureInfo.InvariantCulture),
    };
}
