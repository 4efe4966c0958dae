namespace CnnGen;

/// <summary>
/// Declares a reusable block (a PyTorch <c>nn.Module</c> subclass, a Keras custom layer): a sub-graph of layer
/// attributes, written on this class in source order, that networks insert with <see cref="UseAttribute"/>. The class's
/// <c>const int</c> and <c>const float</c> fields are the block's parameters, in declaration order, with their values as
/// defaults; a layer argument may be an int parameter or integer arithmetic of int parameters and literals
/// (<c>Planes</c>, <c>Planes * 4</c>, <c>Planes / 2</c>), or a float parameter as is (<c>[Dropout(Rate)]</c>). Inside a block, layer names are local (a layer reads <c>"input"</c>, the block's input, or
/// another layer of the block); once used as <c>layer1.0</c>, layer <c>conv1</c> is <c>layer1.0.conv1</c>, its
/// weight key <c>layer1.0.conv1.weight</c>, as in a PyTorch <c>state_dict</c>. Blocks do not nest.
/// </summary>
/// <example>
/// <code>
/// [Block]
/// [Conv2D(Planes, 3, Stride = Stride, Padding = 1, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU]
/// [Conv2D(Planes, 3, Padding = 1, Bias = false, Name = "conv2")] [BatchNorm(Name = "bn2")]
/// [Add("input")] [ReLU]
/// public static class BasicBlock { public const int Planes = 64, Stride = 1; }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BlockAttribute : Attribute;

/// <summary>
/// Inserts the layers of a <see cref="BlockAttribute"/> class at this point of a network (or of nothing: blocks do
/// not nest), like calling a PyTorch module: <c>[Use(typeof(BasicBlock), 32, 2, Name = "layer2.0")]</c> is
/// <c>self.layer2[0] = BasicBlock(32, stride=2)</c>. Later layers name the block's output by the use's
/// <see cref="Name"/>. A block with <c>const float</c> parameters takes them in the same list
/// (<c>[Use(typeof(MBConv), 40, 0.0125, Name = "features.3.0")]</c>).
/// </summary>
/// <param name="block">The block class (it carries <c>[Block]</c>).</param>
/// <param name="arguments">Values of the block's parameters (its <c>const int</c> fields, in declaration order); omitted trailing ones keep the field's value.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class UseAttribute(Type block, params int[] arguments) : Attribute
{
    /// <summary>A use that keeps every parameter's value.</summary>
    /// <param name="block">The block class (it carries <c>[Block]</c>).</param>
    public UseAttribute(Type block) : this(block, Array.Empty<int>()) { }

    /// <summary>
    /// A use that gives a <c>const float</c> parameter a value (a per-block stochastic-depth rate): the values of the
    /// block's <c>const int</c> and <c>const float</c> fields in declaration order; an <c>int</c> parameter's value must be a
    /// whole number (CNN0408).
    /// </summary>
    /// <param name="block">The block class (it carries <c>[Block]</c>).</param>
    /// <param name="arguments">Values of the block's parameters in declaration order; omitted trailing ones keep the field's value.</param>
    public UseAttribute(Type block, params double[] arguments) : this(block) => Values = arguments;

    /// <summary>The block class.</summary>
    public Type Block { get; } = block;

    /// <summary>The parameter values given as integers, in the order the block declares its parameters (empty when a float was given: see <see cref="Values"/>).</summary>
    public int[] Arguments { get; } = arguments;

    /// <summary>Every parameter value given, in the order the block declares its parameters.</summary>
    public double[] Values { get; } = Array.ConvertAll(arguments, value => (double)value);

    /// <summary>
    /// The module path of this use (<c>layer1.0</c>): the prefix of its layers' names and weight keys, and the name of
    /// its output. Segments are letters, digits, <c>_</c> and <c>-</c> (<c>block1-0</c>). Default: the block's class name
    /// in lower case plus the 1-based index of its uses (<c>basicblock1</c>).
    /// </summary>
    public string? Name { get; set; }

    /// <summary>The layer (or <c>"input"</c>) the block reads; default: the previous layer's output.</summary>
    public string? Input { get; set; }
}
