using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Program;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// Everything about one layer kind, in one place: how its attribute's arguments are read and checked, its shape rule
/// and cost, how it is described, its ops (forward, backward) and the code it emits (constants, fields, weight-file entries). One stateless
/// instance per kind lives in <see cref="LayerKinds"/>' registry; specs and plans stay plain equatable records and
/// reach their kind's behaviour through <see cref="LayerSpec.Kind"/>. Every member has a default that fits a layer
/// without parameters that keeps its input's shape, so a kind overrides only what makes it different.
/// </summary>
internal abstract class LayerDefinition
{
    /// <summary>The kind this definition describes.</summary>
    public abstract LayerKind Kind { get; }

    /// <summary>The attribute's metadata name: <c>CnnGen.Conv2DAttribute</c>.</summary>
    public string AttributeName => "CnnGen." + Kind + "Attribute";

    /// <summary>The prefix of default names: <c>conv</c> + index gives <c>conv1</c>.</summary>
    public abstract string NamePrefix { get; }

    /// <summary>Whether this is a loss head (last, not part of the inference graph).</summary>
    public virtual bool IsLoss => false;

    /// <summary>Whether its weight is initialised by a <c>CnnGen.Init</c> scheme (so the initialiser needs a random stream).</summary>
    public virtual bool HasInitializedWeights => false;

    /// <summary>Whether its output is its input's buffer seen with another shape (Flatten): no buffer, no kernel.</summary>
    public virtual bool IsAlias => false;

    /// <summary>Whether it reads several outputs named in <c>from</c> (Add, Concat) rather than one.</summary>
    public virtual bool ReadsOperands => false;

    /// <summary>
    /// Whether its backward kernels overwrite each operand's gradient (a product), so an operand whose gradient is a sum
    /// gets it through the shared scratch, as a single-input kind's; Add and Concat add in place instead.
    /// </summary>
    public virtual bool OverwritesOperandGradients => !ReadsOperands;

    // ---- Parsing and checking -----------------------------------------------------------------------------------

    /// <summary>Reads the attribute's arguments into <paramref name="layer"/> (which has the kind, index and name set).</summary>
    public virtual LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer;

    /// <summary>Argument rules that need no shape (positive sizes, ranges); <paramref name="at"/> is the layer's description.</summary>
    public virtual void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
    }

    /// <summary>The part of the description in parentheses: kind and hyper-parameters.</summary>
    public virtual string Detail(LayerSpec layer) => Kind.ToString();

    /// <summary>
    /// The output shape and cost for one input sample of shape <paramref name="input"/>, or null (with a problem
    /// reported, unless an argument check has reported it already) when the layer cannot apply.
    /// </summary>
    public virtual LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context) => new(layer, input, input);

    // ---- Emission -----------------------------------------------------------------------------------------------

    /// <summary>Constants of the layer beyond its lengths and offsets (geometries, channel counts).</summary>
    public virtual void EmitConstants(NetworkEmitter e, LayerPlan layer)
    {
    }

    /// <summary>Field declarations the layer needs besides its output and gradient buffers (argmax, masks, saved statistics).</summary>
    public virtual void EmitFields(NetworkEmitter e, LayerPlan layer)
    {
    }

    /// <summary>Constructor allocations of the fields that depend on <c>maxBatch</c>, in a training instance.</summary>
    public virtual void EmitAllocations(NetworkEmitter e, LayerPlan layer)
    {
    }

    /// <summary>
    /// Whether its inference forward writes what <see cref="EmitAllocations"/> allocates (max pooling's winners), so an
    /// inference-only instance allocates it too; otherwise those fields are training-only and keep their empty initial value.
    /// </summary>
    public virtual bool ForwardWritesAllocations => false;

    /// <summary>The layer's part of <c>InitializeParameters</c>.</summary>
    public virtual void EmitInitialization(NetworkEmitter e, LayerPlan layer)
    {
    }

    /// <summary>The layer's forward ops, lowered with the decisions <paramref name="c"/> holds (fusions, buffers).</summary>
    public virtual IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield break;
    }

    /// <summary>
    /// The layer's ops in <c>Forward</c> (inference mode): by default its forward ops. A kind that an inference pass
    /// changes (a batch norm folded into its convolution) reads the decision through <paramref name="c"/>, and registers
    /// what it reads in place of parameters with <see cref="Lowering.Derive"/>.
    /// </summary>
    public virtual IEnumerable<Op> LowerInference(Lowering c, LayerPlan layer) => Lower(c, layer);

    /// <summary>The layer's backward ops (without the gradient sums that complete after them, which the lowering adds).</summary>
    public virtual IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield break;
    }

    /// <summary>The smallest training batch the layer accepts (batch norm over one value per channel needs 2).</summary>
    public virtual int MinimumTrainingBatch(LayerPlan layer) => 1;

    /// <summary>The layer's trainable tensors as weight-file entries, in <c>Parameters</c> order.</summary>
    public virtual IEnumerable<TensorEntry> ParameterTensors(LayerPlan layer)
    {
        yield break;
    }

    /// <summary>The layer's non-trainable tensors as weight-file entries, in <c>State</c> order.</summary>
    public virtual IEnumerable<TensorEntry> StateTensors(LayerPlan layer)
    {
        yield break;
    }

    /// <summary>Property initialisers of the layer's <c>CnnGen.LayerInfo</c> entry (<c>Kernel = 3</c>...).</summary>
    public virtual void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties)
    {
    }
}

/// <summary>One named tensor of a weight file: key, PyTorch shape (a C# list body), store and offset expression.</summary>
internal readonly record struct TensorEntry(string Key, string Shape, string Store, string Offset);
