using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Shapes;

/// <summary>What analysing a declaration found: a plan when nothing is an error, and every problem.</summary>
internal sealed record AnalysisResult(NetworkPlan? Plan, EquatableArray<Problem> Problems);

/// <summary>
/// The one place where a declaration is judged: declaration facts, argument ranges, names, heads, connections and
/// shapes. The generator emits code for <see cref="AnalysisResult.Plan"/>; the analyzers report
/// <see cref="AnalysisResult.Problems"/>. Both call this, so they cannot disagree.
/// </summary>
internal static class NetworkAnalysis
{
    public static AnalysisResult Analyze(NetworkSpec spec, CancellationToken cancellationToken = default)
    {
        var problems = new List<Problem>(spec.ReadProblems);
        CheckDeclaration(spec, problems);
        CheckArguments(spec, problems);
        CheckNames(spec, problems);
        CheckHeads(spec, problems);
        var layers = ShapeInference.Infer(spec, problems, cancellationToken);
        if (layers is not null) CheckDeadBranches(layers.Value, problems);

        // A malformed attribute already has a compiler error; generating code would only add noise.
        var hasError = problems.Exists(p => p.IsError) || (spec.Issues & DeclarationIssues.MalformedAttribute) != 0;
        NetworkPlan? plan = null;
        if (!hasError && layers is not null)
        {
            plan = ShapeInference.Place(spec, layers.Value);
            if (plan is null)
            {
                problems.Add(ShapeInference.TotalOverflow(spec, layers.Value));
            }
        }
        return new AnalysisResult(plan, problems.ToEquatableArray());
    }

    static void CheckDeclaration(NetworkSpec spec, List<Problem> problems)
    {
        var issues = spec.Issues;
        if ((issues & DeclarationIssues.NotPartial) != 0)
            problems.Add(Make(ProblemKind.NotPartial, ProblemLocation.Declaration, spec.ClassName));
        if ((issues & DeclarationIssues.Record) != 0)
            problems.Add(Make(ProblemKind.UnsupportedDeclaration, ProblemLocation.Declaration, spec.ClassName, "a record cannot be a network (it owns mutable buffers, so value equality does not fit): declare it as a partial class"));
        if ((issues & DeclarationIssues.Static) != 0)
            problems.Add(Make(ProblemKind.UnsupportedDeclaration, ProblemLocation.Declaration, spec.ClassName, "a static class cannot be a network (a network is an instance that owns its buffers): remove 'static'"));
        if ((issues & DeclarationIssues.Generic) != 0)
            problems.Add(Make(ProblemKind.UnsupportedDeclaration, ProblemLocation.Declaration, spec.ClassName, "generic network classes are not supported (sizes must be fixed)"));
        if (GeneratedMemberNames.Contains(spec.ClassName))
            problems.Add(Make(ProblemKind.UnsupportedDeclaration, ProblemLocation.Declaration, spec.ClassName, "a generated member has the same name, and C# forbids members named like their class; rename the class"));
        if ((issues & DeclarationIssues.UnsupportedContainingType) != 0)
            problems.Add(Make(ProblemKind.UnsupportedDeclaration, ProblemLocation.Declaration, spec.ClassName, "every type containing it must be a non-generic partial class, struct or record"));
        if ((issues & DeclarationIssues.MissingInputShape) != 0)
            problems.Add(Make(ProblemKind.MissingInputShape, ProblemLocation.NetworkAttribute, spec.ClassName, "(" + string.Join(", ", spec.InputShape) + ")"));
        if ((issues & DeclarationIssues.LayersSplitAcrossDeclarations) != 0)
            problems.Add(Make(ProblemKind.LayersSplitAcrossDeclarations, ProblemLocation.Declaration, spec.ClassName));
        // A [Use] that failed (reported on its own) is a declared layer too: the network is not empty, its use is wrong.
        if (spec.Layers.Count == 0 && (issues & DeclarationIssues.MalformedAttribute) == 0 && spec.ReadProblems.Count == 0)
            problems.Add(Make(ProblemKind.EmptyNetwork, ProblemLocation.NetworkAttribute, spec.ClassName));
    }

    /// <summary>Members every generated network has: a class of the same name cannot hold them (CS0542).</summary>
    static readonly HashSet<string> GeneratedMemberNames =
    [
        "InputLength", "OutputLength", "ParameterCount", "StateLength", "Sizes", "MaxBatch", "GrowsMaxBatch", "Threads",
        "Parameters", "State", "Gradients", "Tensors", "Layers", "Summary", "Forward", "Predict",
        "ComputeGradients", "TrainStep", "MinimumTrainingBatch", "Reseed", "Save", "Load", "RunForward", "RunBackward", "InitializeParameters",
        "RunInference", "DeriveInferenceWeights",
    ];

    static void CheckArguments(NetworkSpec spec, List<Problem> problems)
    {
        foreach (var layer in spec.Layers)
        {
            LayerKinds.Definition(layer.Kind).CheckArguments(layer, LayerDescriptions.Describe(layer), problems);
        }
    }

    static void CheckNames(NetworkSpec spec, List<Problem> problems)
    {
        var firstByName = new Dictionary<string, LayerSpec>();
        foreach (var layer in spec.Layers)
        {
            if (layer.HasExplicitName && !Parsing.BlockExpander.IsModulePath(layer.Name))
            {
                problems.Add(Make(ProblemKind.InvalidLayerName, ProblemLocation.Layer(layer.Index, "Name"), layer.Name));
                continue;
            }
            if (layer.Name == LayerSpec.NetworkInputName)
            {
                problems.Add(new Problem(ProblemKind.ReservedLayerName, ProblemLocation.Layer(layer.Index, layer.HasExplicitName ? "Name" : null),
                    ImmutableArray.Create(layer.Name).ToEquatableArray(), FreeName(spec, layer.Name)));
                continue;
            }
            if (firstByName.TryGetValue(MemberKey(layer.Name), out var first))
            {
                var location = ProblemLocation.Layer(layer.Index, layer.HasExplicitName ? "Name" : null);
                problems.Add(new Problem(ProblemKind.DuplicateName, location,
                    ImmutableArray.Create(layer.Name, Int(first.Index + 1), Int(layer.Index + 1)).ToEquatableArray(),
                    FreeName(spec, layer.Name)));
            }
            else
            {
                firstByName.Add(MemberKey(layer.Name), layer);
            }
        }
    }

    /// <summary>CNN0407: a computing layer that no later layer reads and that is not the network output (the last non-loss layer).</summary>
    static void CheckDeadBranches(ImmutableArray<LayerPlan> layers, List<Problem> problems)
    {
        var last = layers.Length - 1;
        while (last >= 0 && layers[last].Kind.IsLoss()) last--;
        if (last < 0) return;
        var read = new bool[layers.Length];
        foreach (var layer in layers)
        {
            foreach (var source in layer.Sources)
            {
                if (source >= 0) read[source] = true;
            }
        }
        for (var i = 0; i < last; i++)
        {
            if (!read[i] && !layers[i].Kind.IsLoss())
                problems.Add(Make(ProblemKind.DeadBranch, ProblemLocation.Layer(i), layers[i].Description, $"the output is {layers[last].Name}"));
        }
    }

    static void CheckHeads(NetworkSpec spec, List<Problem> problems)
    {
        LayerSpec? firstLoss = null;
        var layers = spec.Layers;
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            if (!layer.Kind.IsLoss()) continue;
            if (firstLoss is not null)
                problems.Add(Make(ProblemKind.MultipleLosses, ProblemLocation.Layer(i), LayerDescriptions.Describe(layer), firstLoss.Name));
            else if (i != layers.Count - 1)
                problems.Add(Make(ProblemKind.LossNotLast, ProblemLocation.Layer(i), LayerDescriptions.Describe(layer), LayerDescriptions.Describe(layers[i + 1])));
            firstLoss ??= layer;
        }

        if (firstLoss is null && layers.Count > 0)
            problems.Add(Make(ProblemKind.NoLossHead, ProblemLocation.NetworkAttribute, spec.ClassName));

        var last = layers.Count - 1;
        if (last >= 1 && layers[last].Kind == LayerKind.SoftmaxCrossEntropy && layers[last - 1].Kind == LayerKind.Softmax)
            problems.Add(Make(ProblemKind.SoftmaxBeforeCrossEntropy, ProblemLocation.Layer(last - 1), LayerDescriptions.Describe(layers[last - 1]), LayerDescriptions.Describe(layers[last])));
        if (last >= 1 && layers[last].Kind == LayerKind.BinaryCrossEntropy && layers[last - 1].Kind == LayerKind.Sigmoid)
            problems.Add(Make(ProblemKind.SigmoidBeforeBinaryCrossEntropy, ProblemLocation.Layer(last - 1), LayerDescriptions.Describe(layers[last - 1]), LayerDescriptions.Describe(layers[last])));
    }

    /// <param name="defaultValue">For an optional argument, the value it takes when not written: the code fix removes the argument.</param>
    internal static void Positive(LayerSpec layer, string at, string argument, int value, List<Problem> problems, int? defaultValue = null)
    {
        if (value <= 0)
            problems.Add(Make(ProblemKind.NonPositiveSize, ProblemLocation.Layer(layer.Index, argument), at, argument, Int(value))
                with { FixValue = defaultValue > 0 ? Int(defaultValue.Value) : null });
    }

    internal static void NotNegative(LayerSpec layer, string at, int padding, List<Problem> problems)
    {
        if (padding < 0)
            problems.Add(Make(ProblemKind.NegativePadding, ProblemLocation.Layer(layer.Index, "Padding"), at, Int(padding)));
    }

    /// <summary>Reports <paramref name="argument"/> unless <paramref name="value"/> is a finite number (a slope, an alpha).</summary>
    internal static void Finite(LayerSpec layer, string at, string argument, double value, List<Problem> problems)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            problems.Add(Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, argument), at, argument, "a finite number", LayerDescriptions.Number(value)));
    }

    internal static void FiniteInit(LayerSpec layer, string at, List<Problem> problems)
    {
        if (layer.Init is < 0 or > 8)
            problems.Add(Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "Init"), at, "Init", "a CnnGen.Init value", Int(layer.Init)));
        if (double.IsNaN(layer.InitValue) || double.IsInfinity(layer.InitValue))
            problems.Add(Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "InitValue"), at, "InitValue", "a finite number", LayerDescriptions.Number(layer.InitValue)));
    }

    /// <summary>The first of <c>name_2</c>, <c>name_3</c>... that no layer uses: what the rename fix writes.</summary>
    static string FreeName(NetworkSpec spec, string name)
    {
        var used = new HashSet<string>();
        foreach (var layer in spec.Layers) used.Add(MemberKey(layer.Name));
        for (var suffix = 2; ; suffix++)
        {
            var candidate = name + "_" + Int(suffix);
            if (!used.Contains(MemberKey(candidate))) return candidate;
        }
    }

    /// <summary>
    /// Names collide when their member names do: <c>a</c> and <c>A</c> both give <c>AWeightOffset</c>, since member names
    /// capitalise the first letter.
    /// </summary>
    /// <summary>The member-name stem a layer name becomes (<c>layer1.0.conv1</c> → <c>Layer1_0_conv1</c>), which must be unique.</summary>
    static string MemberKey(string name) => Emit.Names.Pascal(name);

    internal static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || char.IsDigit(name[0])) return false;
        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }

    internal static Problem Make(ProblemKind kind, ProblemLocation location, params string[] arguments) =>
        new(kind, location, ImmutableArray.Create(arguments).ToEquatableArray());

    internal static string Int(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
