using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

/// <summary>Naive double-precision implementations the kernels are checked against.</summary>
static class Reference
{
    /// <summary>Input value at (c, y, x) or 0 in the padding.</summary>
    static double At(float[] image, int offset, in ConvGeometry g, int c, int y, int x) =>
        y < 0 || y >= g.Height || x < 0 || x >= g.Width ? 0 : image[offset + (c * g.Height + y) * g.Width + x];

    public static double[] Lower(float[] image, in ConvGeometry g)
    {
        var columns = new double[g.ColumnRows * g.ColumnCols];
        for (var c = 0; c < g.Channels; c++)
            for (var ky = 0; ky < g.Kernel; ky++)
                for (var kx = 0; kx < g.Kernel; kx++)
                    for (var oy = 0; oy < g.OutHeight; oy++)
                        for (var ox = 0; ox < g.OutWidth; ox++)
                        {
                            var row = (c * g.Kernel + ky) * g.Kernel + kx;
                            columns[row * g.ColumnCols + oy * g.OutWidth + ox] = At(image, 0, g, c, oy * g.Stride - g.Padding + ky, ox * g.Stride - g.Padding + kx);
                        }
        return columns;
    }

    public static double[] ConvForward(float[] input, float[] weight, float[]? bias, ConvGeometry g, int batch)
    {
        // Sizes hoisted into locals: the naive loops run unoptimised in Debug builds.
        int channels = g.Channels, height = g.Height, width = g.Width, kernel = g.Kernel, stride = g.Stride, padding = g.Padding;
        int outHeight = g.OutHeight, outWidth = g.OutWidth, inLength = g.InputLength, outLength = g.OutputLength;
        var output = new double[batch * outLength];
        for (var n = 0; n < batch; n++)
            for (var f = 0; f < g.Filters; f++)
                for (var oy = 0; oy < outHeight; oy++)
                    for (var ox = 0; ox < outWidth; ox++)
                    {
                        double sum = bias?[f] ?? 0;
                        for (var c = 0; c < channels; c++)
                            for (var ky = 0; ky < kernel; ky++)
                                for (var kx = 0; kx < kernel; kx++)
                                {
                                    int y = oy * stride - padding + ky, x = ox * stride - padding + kx;
                                    if (y < 0 || y >= height || x < 0 || x >= width) continue;
                                    sum += (double)weight[((f * channels + c) * kernel + ky) * kernel + kx]
                                        * input[n * inLength + (c * height + y) * width + x];
                                }
                        output[n * outLength + (f * outHeight + oy) * outWidth + ox] = sum;
                    }
        return output;
    }

    /// <summary>Weight, bias and input gradients of a convolution by direct scatter.</summary>
    public static (double[] Weight, double[] Bias, double[] Input) ConvBackward(float[] input, float[] weight, float[] outputGradient, in ConvGeometry g, int batch)
    {
        var dw = new double[weight.Length];
        var db = new double[g.Filters];
        var dx = new double[batch * g.InputLength];
        for (var n = 0; n < batch; n++)
            for (var f = 0; f < g.Filters; f++)
                for (var oy = 0; oy < g.OutHeight; oy++)
                    for (var ox = 0; ox < g.OutWidth; ox++)
                    {
                        double dy = outputGradient[n * g.OutputLength + (f * g.OutHeight + oy) * g.OutWidth + ox];
                        db[f] += dy;
                        for (var c = 0; c < g.Channels; c++)
                            for (var ky = 0; ky < g.Kernel; ky++)
                                for (var kx = 0; kx < g.Kernel; kx++)
                                {
                                    int y = oy * g.Stride - g.Padding + ky, x = ox * g.Stride - g.Padding + kx;
                                    if (y < 0 || y >= g.Height || x < 0 || x >= g.Width) continue;
                                    var w = ((f * g.Channels + c) * g.Kernel + ky) * g.Kernel + kx;
                                    var i = n * g.InputLength + (c * g.Height + y) * g.Width + x;
                                    dw[w] += dy * input[i];
                                    dx[i] += dy * weight[w];
                                }
                    }
        return (dw, db, dx);
    }

    public static IEnumerable<ConvGeometry> ConvGeometries() =>
    [
        new(1, 28, 28, 30, 5, 1, 0),   // the seed network's conv1
        new(3, 7, 9, 4, 3, 1, 1),      // odd, padded
        new(2, 9, 8, 3, 3, 2, 1),      // stride 2
        new(3, 6, 5, 5, 1, 1, 0),      // pointwise (no im2col)
        new(2, 5, 7, 3, 1, 2, 0),      // 1×1 with stride
        new(1, 4, 4, 2, 4, 1, 0),      // kernel = image
        new(2, 5, 6, 3, 3, 3, 2),      // padding 2, stride 3, uneven cover
        new(1, 1, 1, 3, 3, 1, 1),      // 1×1 image, all but the centre padded
    ];
}
