namespace CnnGen.Onnx.Tests.Reference;

/// <summary>
/// A deliberately naive, loop-per-formula interpreter of a layer table (PyTorch semantics, one sample at a time).
/// It is the second opinion the exporter is checked against before and besides the generated code.
/// </summary>
internal static class ReferenceForward
{
    /// <summary>Runs the inference layers on <paramref name="input"/> (n samples back to back) into <paramref name="output"/>.</summary>
    public static void Run(IReadOnlyList<LayerInfo> layers, Func<string, float[]> tensor, ReadOnlySpan<float> input, Span<float> output)
    {
        var inputLength = Product(layers[0].InputShape);
        var samples = input.Length / inputLength;
        var offset = 0;
        for (var sample = 0; sample < samples; sample++)
        {
            var result = RunSample(layers, tensor, input.Slice(sample * inputLength, inputLength).ToArray());
            result.CopyTo(output.Slice(offset));
            offset += result.Length;
        }
    }

    private static float[] RunSample(IReadOnlyList<LayerInfo> layers, Func<string, float[]> tensor, float[] x)
    {
        var outputs = new Dictionary<string, float[]>();
        foreach (var layer in layers)
        {
            if (layer.IsLoss) continue;
            x = layer.Kind switch
            {
                LayerKind.Conv2D => Conv(layer, tensor, x),
                LayerKind.Dense => Dense(layer, tensor, x),
                LayerKind.MaxPool2D => Pool(layer, x, isMax: true),
                LayerKind.AvgPool2D => Pool(layer, x, isMax: false),
                LayerKind.GlobalAvgPool => GlobalAverage(layer, x),
                LayerKind.Flatten or LayerKind.Dropout => x,
                LayerKind.ReLU => x.Select(v => Math.Max(v, 0f)).ToArray(),
                LayerKind.LeakyReLU => x.Select(v => v >= 0 ? v : (float)(layer.Alpha * v)).ToArray(),
                LayerKind.Sigmoid => x.Select(v => (float)(1 / (1 + Math.Exp(-v)))).ToArray(),
                LayerKind.Tanh => x.Select(v => (float)Math.Tanh(v)).ToArray(),
                LayerKind.Softmax => Softmax(x),
                LayerKind.BatchNorm => BatchNorm(layer, tensor, x),
                LayerKind.Add => x.Zip(outputs[layer.AddFrom!], (a, b) => a + b).ToArray(),
                _ => throw new NotSupportedException(layer.Kind.ToString()),
            };
            outputs[layer.Name] = x;
        }
        return x;
    }

    private static float[] Conv(LayerInfo layer, Func<string, float[]> tensor, float[] x)
    {
        var (c, h, w) = (layer.InputShape[0], layer.InputShape[1], layer.InputShape[2]);
        var (f, oh, ow) = (layer.OutputShape[0], layer.OutputShape[1], layer.OutputShape[2]);
        var (k, s, p) = (layer.Kernel, layer.Stride, layer.Padding);
        var weight = tensor(layer.Name + ".weight");
        var bias = layer.HasBias ? tensor(layer.Name + ".bias") : new float[f];
        var y = new float[f * oh * ow];
        for (var filter = 0; filter < f; filter++)
        for (var oy = 0; oy < oh; oy++)
        for (var ox = 0; ox < ow; ox++)
        {
            double sum = bias[filter];
            for (var channel = 0; channel < c; channel++)
            for (var ky = 0; ky < k; ky++)
            for (var kx = 0; kx < k; kx++)
            {
                var (iy, ix) = (oy * s + ky - p, ox * s + kx - p);
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                sum += weight[((filter * c + channel) * k + ky) * k + kx] * x[(channel * h + iy) * w + ix];
            }
            y[(filter * oh + oy) * ow + ox] = (float)sum;
        }
        return y;
    }

    private static float[] Dense(LayerInfo layer, Func<string, float[]> tensor, float[] x)
    {
        var outputs = layer.OutputShape[0];
        var weight = tensor(layer.Name + ".weight");
        var bias = layer.HasBias ? tensor(layer.Name + ".bias") : new float[outputs];
        var y = new float[outputs];
        for (var o = 0; o < outputs; o++)
        {
            double sum = bias[o];
            for (var i = 0; i < x.Length; i++) sum += weight[o * x.Length + i] * x[i];
            y[o] = (float)sum;
        }
        return y;
    }

    /// <summary>Max ignores padding (−∞); average divides by the full window, padding included (PyTorch's default).</summary>
    private static float[] Pool(LayerInfo layer, float[] x, bool isMax)
    {
        var (c, h, w) = (layer.InputShape[0], layer.InputShape[1], layer.InputShape[2]);
        var (oh, ow) = (layer.OutputShape[1], layer.OutputShape[2]);
        var (k, s, p) = (layer.Kernel, layer.Stride, layer.Padding);
        var y = new float[c * oh * ow];
        for (var channel = 0; channel < c; channel++)
        for (var oy = 0; oy < oh; oy++)
        for (var ox = 0; ox < ow; ox++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (var ky = 0; ky < k; ky++)
            for (var kx = 0; kx < k; kx++)
            {
                var (iy, ix) = (oy * s + ky - p, ox * s + kx - p);
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                var v = x[(channel * h + iy) * w + ix];
                max = Math.Max(max, v);
                sum += v;
            }
            y[(channel * oh + oy) * ow + ox] = (float)(isMax ? max : sum / (k * k));
        }
        return y;
    }

    private static float[] GlobalAverage(LayerInfo layer, float[] x)
    {
        var channels = layer.InputShape[0];
        var area = x.Length / channels;
        return Enumerable.Range(0, channels).Select(c => (float)x.Skip(c * area).Take(area).Average(v => (double)v)).ToArray();
    }

    private static float[] Softmax(float[] x)
    {
        var max = x.Max();
        var exps = x.Select(v => Math.Exp(v - max)).ToArray();
        var sum = exps.Sum();
        return exps.Select(e => (float)(e / sum)).ToArray();
    }

    private static float[] BatchNorm(LayerInfo layer, Func<string, float[]> tensor, float[] x)
    {
        var channels = layer.InputShape[0];
        var area = x.Length / channels;
        var (gamma, beta) = (tensor(layer.Name + ".weight"), tensor(layer.Name + ".bias"));
        var (mean, variance) = (tensor(layer.Name + ".running_mean"), tensor(layer.Name + ".running_var"));
        var y = new float[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var c = i / area;
            y[i] = (float)((x[i] - mean[c]) / Math.Sqrt(variance[c] + layer.Epsilon) * gamma[c] + beta[c]);
        }
        return y;
    }

    public static int Product(IEnumerable<int> shape) => shape.Aggregate(1, (a, b) => a * b);
}
