using CnnGen.Kernels;
using CnnGen.Quantization;
using CnnGen.Threading;

namespace CnnGen.Tests.Quantization;

/// <summary>The int8 kernels allocate nothing after a warm-up call, on one thread and on two.</summary>
/// <remarks>In the non-parallel collection: the workers' allocation count is shared with every other test that runs kernels.</remarks>
[Collection(nameof(Performance.PerformanceContract))]
public class Int8AllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Int8_kernels_allocate_nothing_after_a_warm_call(int threads)
    {
        var g = new ConvGeometry(8, 10, 10, 12, 3, 1, 1);
        var depthwise = g with { Channels = 12, Groups = 12 };
        var pool = new PoolGeometry(12, 10, 10, 2, 2, 0);
        const int batch = 2;
        var x = Int8Data.Activations(batch * g.InputLength, 1);
        var conv = PackedInt8Weights.Create(Int8Data.Weights(g.WeightLength, 2), Int8Data.Biases(12, g.ColumnRows, 3), 12, g.ColumnRows);
        var dw = PackedInt8Weights.Create(Int8Data.Weights(depthwise.WeightLength, 4), [], 12, depthwise.ColumnRows);
        var dense = PackedInt8Weights.Create(Int8Data.Weights(10 * pool.OutputLength, 5), [], 10, pool.OutputLength);
        var multiplier = Int8Data.Multipliers(12, g.ColumnRows, 6);
        var y = new byte[batch * g.OutputLength];
        var z = new byte[y.Length];
        var sum = new byte[y.Length];
        var pooled = new byte[batch * pool.OutputLength];
        var logits = new float[batch * 10];
        var concat = new byte[2 * y.Length];
        var p = new QuantizationParameters(0.1f, 5);
        var q = new QuantizationParameters(0.2f, 9);
        var floats = new float[x.Length];

        void Everything()
        {
            using var scope = KernelThreads.Use(threads);
            p.Dequantize(x, floats);
            p.Quantize(floats, x);
            QuantizedConv2D.Forward(x, 5, conv, multiplier, y, p.ReLU, g, batch);
            QuantizedConv2D.Forward(y, 5, dw, multiplier, z, p.ReLU6, depthwise, batch);
            QuantizedElementwise.Add(y, p, z, p, sum, q, q.ReLU);
            QuantizedElementwise.Concat(sum, q, concat, p, y.Length / batch, 0, 2 * y.Length / batch, batch);
            QuantizedElementwise.Clamp(sum, sum, q.ReLU);
            QuantizedPooling.MaxPool(sum, pooled, pool, batch);
            QuantizedPooling.AvgPool(sum, q, pooled, q, pool, batch);
            QuantizedPooling.GlobalAvgPool(sum, q, pooled, q, 12, 100, batch);
            QuantizedDense.ForwardToFloat(pooled, 9, dense, multiplier.AsSpan(0, 10), logits, batch);
        }

        Everything();
        // Read before the thread's count: the first read of the pool's lock on a thread allocates.
        var workersBefore = WorkerPool.WorkerAllocatedBytes;
        var before = GC.GetAllocatedBytesForCurrentThread();
        Everything();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, WorkerPool.WorkerAllocatedBytes - workersBefore);
    }
}
