using CnnGen.Generator.Model;

namespace CnnGen.Generator.Program;

/// <summary>
/// Tensors the inference forward reads in place of parameters, each computed from <c>Parameters</c> and <c>State</c>
/// (a batch norm folded into its convolution; filters transformed for a kernel): the <see cref="Values"/> (fields of
/// every instance, allocated once at construction) and the <see cref="Ops"/> that compute them, in order. They are
/// printed into one generated method, <c>DeriveInferenceWeights</c>, which <c>Forward</c> runs only when the parameters
/// or the state may have changed since it last ran (construction, <c>Parameters</c> or <c>State</c> fetched, a
/// training-mode pass, an optimizer step); a steady run of <c>Forward</c> derives nothing.
/// </summary>
/// <param name="Values">The <see cref="ValueRole.Derived"/> values, in the order they are first written.</param>
/// <param name="Ops">The ops that write them; each reads parameters, state or earlier derived values.</param>
internal sealed record DerivedWeights(EquatableArray<Value> Values, EquatableArray<Op> Ops)
{
    public static DerivedWeights None { get; } = new(EquatableArray<Value>.Empty, EquatableArray<Op>.Empty);

    public bool IsEmpty => Ops.Count == 0;

    /// <summary>A derived tensor of <paramref name="length"/> values owned by layer <paramref name="owner"/>: the field <c>_{owner}{name}</c>.</summary>
    public static Value Tensor(string owner, string name, int length) => new(ValueRole.Derived, owner, Shape.Vector(length)) { DerivedName = name };
}
