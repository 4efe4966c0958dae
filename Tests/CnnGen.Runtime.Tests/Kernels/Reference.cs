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
        // One group's channels (the first C/G of the image), taps D apart.
        for (var c = 0; c < g.Channels / g.Groups; c++)
            for (var ky = 0; ky < g.Kernel; ky++)
                for (var kx = 0; kx < g.Kernel; kx++)
                    for (var oy = 0; oy < g.OutHeight; oy++)
                        for (var ox = 0; ox < g.OutWidth; ox++)
                        {
                            var row = (c * g.Kernel + ky) * g.Kernel + kx;
                            columns[row * g.ColumnCols + oy * g.OutWidth + ox] = At(image, 0, g, c, oy * g.Stride - g.Padding + ky * g.Dilation, ox * g.Stride - g.Padding + kx * g.Dilation);
                        }
        return columns;
    }

    /// <summary>nn.Conv2d by definition: filter f of group f / (F/G) reads that group's C/G channels; taps D apart.</summary>
    public static double[] ConvForward(float[] input, float[] weight, float[]? bias, ConvGeometry g, int batch)
    {
        // Sizes hoisted into locals: the naive loops run unoptimised in Debug builds.
        int height = g.Height, width = g.Width, kernel = g.Kernel, stride = g.Stride, padding = g.Padding, dilation = g.Dilation;
        int groupChannels = g.Channels / g.Groups, groupFilters = g.Filters / g.Groups;
        int outHeight = g.OutHeight, outWidth = g.OutWidth, inLength = g.InputLength, outLength = g.OutputLength;
        var output = new double[batch * outLength];
        for (var n = 0; n < batch; n++)
            for (var f = 0; f < g.Filters; f++)
                for (var oy = 0; oy < outHeight; oy++)
                    for (var ox = 0; ox < outWidth; ox++)
                    {
                        double sum = bias?[f] ?? 0;
                        for (var c = 0; c < groupChannels; c++)
                            for (var ky = 0; ky < kernel; ky++)
                                for (var kx = 0; kx < kernel; kx++)
                                {
                                    int y = oy * stride - padding + ky * dilation, x = ox * stride - padding + kx * dilation;
                                    if (y < 0 || y >= height || x < 0 || x >= width) continue;
                                    var channel = f / groupFilters * groupChannels + c;
                                    sum += (double)weight[((f * groupChannels + c) * kernel + ky) * kernel + kx]
                                        * input[n * inLength + (channel * height + y) * width + x];
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
        int groupChannels = g.Channels / g.Groups, groupFilters = g.Filters / g.Groups;
        for (var n = 0; n < batch; n++)
            for (var f = 0; f < g.Filters; f++)
                for (var oy = 0; oy < g.OutHeight; oy++)
                    for (var ox = 0; ox < g.OutWidth; ox++)
                    {
                        double dy = outputGradient[n * g.OutputLength + (f * g.OutHeight + oy) * g.OutWidth + ox];
                        db[f] += dy;
                        for (var c = 0; c < groupChannels; c++)
                            for (var ky = 0; ky < g.Kernel; ky++)
                                for (var kx = 0; kx < g.Kernel; kx++)
                                {
                                    int y = oy * g.Stride - g.Padding + ky * g.Dilation, x = ox * g.Stride - g.Padding + kx * g.Dilation;
                                    if (y < 0 || y >= g.Height || x < 0 || x >= g.Width) continue;
                                    var w = ((f * groupChannels + c) * g.Kernel + ky) * g.Kernel + kx;
                                    var channel = f / groupFilters * groupChannels + c;
                                    var i = n * g.InputLength + (channel * g.Height + y) * g.Width + x;
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
        new(6, 9, 7, 6, 3, 1, 1, Groups: 6),                // depthwise
        new(5, 11, 13, 10, 3, 2, 1, Groups: 5),             // depthwise with multiplier 2, stride 2, odd sizes
        new(17, 6, 5, 17, 5, 1, 2, Groups: 17),             // depthwise, 30 positions: vector tails at every width
        new(6, 8, 7, 9, 3, 1, 1, Groups: 3),                // grouped: 2 channels → 3 filters per group
        new(4, 10, 9, 6, 3, 1, 2, Dilation: 2),             // dilated
        new(4, 12, 11, 4, 3, 2, 3, Groups: 2, Dilation: 3), // grouped, dilated, strided
        new(3, 9, 9, 3, 3, 1, 0, Groups: 3, Dilation: 2),   // depthwise dilated
        new(4, 5, 6, 8, 1, 1, 0, Groups: 4),                // grouped pointwise
    ];
}
