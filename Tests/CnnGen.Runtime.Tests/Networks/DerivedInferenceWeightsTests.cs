using System.Reflection;
using CnnGen.Samples;
using CnnGen.Weights;

namespace CnnGen.Tests.Networks;

/// <summary>
/// The weights Forward derives from the parameters and state (ResNet-20's batch norms folded into their convolutions):
/// derived again whenever the parameters or state may have changed, so Forward always matches a fresh instance loaded
/// with the same weights bit for bit, and not derived again while nothing changed.
/// </summary>
public class DerivedInferenceWeightsTests
{
    const int Samples = 3;

    static readonly float[] Input = NetworkData.Images(Samples, ResNet20.Sizes.InputLength, seed: 5);

    [Fact]
    public void A_write_into_Parameters_after_a_Forward_is_used_by_the_next_Forward()
    {
        var net = Trained();
        Forward(net);
        // The first convolution's weight and its batch norm's gamma: both feed the folded weight.
        var parameters = net.Parameters;
        for (var i = 0; i < 64; i++) parameters[i] *= -1.5f;
        net.Parameters[Offset(net, "bn1.weight")] = 3f;
        AssertSameAsFreshCopy(net);
    }

    [Fact]
    public void A_write_into_State_after_a_Forward_is_used_by_the_next_Forward()
    {
        var net = Trained();
        Forward(net);
        var state = net.State;
        for (var i = 0; i < state.Length; i += 3) state[i] += 0.25f;
        AssertSameAsFreshCopy(net);
    }

    [Fact]
    public void Forward_after_TrainStep_matches_a_fresh_instance_loaded_with_the_same_weights()
    {
        var net = Trained();
        Forward(net);
        // TrainStep moves the parameters (optimizer) and the running statistics (training-mode pass) without either getter.
        net.TrainStep(Input, Labels(), new Sgd(0.05));
        AssertSameAsFreshCopy(net);
    }

    [Fact]
    public void Forward_after_ForwardTraining_sees_the_updated_running_statistics()
    {
        var net = Trained();
        Forward(net);
        net.ForwardTraining(Input, new float[Samples * net.OutputLength]);
        AssertSameAsFreshCopy(net);
    }

    [Fact]
    public void A_steady_Forward_derives_nothing()
    {
        var net = Trained();
        Forward(net);
        Assert.False(Stale(net));
        var first = Forward(net);
        Assert.False(Stale(net));
        Assert.Equal(Bits(first), Bits(Forward(net)));
        // Fetching the parameters, even only to read them, marks the derived weights stale.
        _ = net.Parameters[0];
        Assert.True(Stale(net));
    }

    static ResNet20 Trained()
    {
        var net = new ResNet20(maxBatch: Samples, seed: 2) { Threads = 1 };
        net.TrainStep(Input, Labels(), new Sgd(0.05));
        return net;
    }

    static int[] Labels() => Enumerable.Range(0, Samples).Select(i => i % ResNet20.Sizes.OutputLength).ToArray();

    static float[] Forward(ResNet20 net)
    {
        var output = new float[Samples * net.OutputLength];
        net.Forward(Input, output);
        return output;
    }

    static int Offset(ResNet20 net, string tensor)
    {
        foreach (var info in net.Tensors)
        {
            if (info.Name == tensor) return info.Offset;
        }
        throw new ArgumentException(tensor);
    }

    /// <summary>Forward of <paramref name="net"/> against Forward of a new inference-only instance that loaded its weights.</summary>
    static void AssertSameAsFreshCopy(ResNet20 net)
    {
        // Forward first: saving reads Parameters, whose getter would mark the derived weights stale.
        var actual = Forward(net);
        using var file = new MemoryStream();
        SafeTensors.Save(net, file);
        file.Position = 0;
        var fresh = new ResNet20(maxBatch: Samples, seed: 99, training: false) { Threads = 1 };
        SafeTensors.Load(fresh, file);
        Assert.Equal(Bits(Forward(fresh)), Bits(actual));
    }

    static bool Stale(ResNet20 net) =>
        (bool)typeof(ResNet20).GetField("_inferenceWeightsStale", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(net)!;

    static IEnumerable<int> Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits);
}
