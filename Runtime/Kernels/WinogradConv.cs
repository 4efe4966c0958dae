using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CnnGen.Threading;

namespace CnnGen.Kernels;

/// <summary>
/// Inference-only 3×3, stride-1 convolutions by Winograd's minimal filtering (<c>torch.nn.functional.conv2d</c> with a
/// 3×3 kernel, stride 1, dilation 1, groups 1, any padding), with the filters transformed once by
/// <see cref="TransformFilters"/> into a caller-owned buffer: 2.25 (F(4×4, 3×3)) or 4 (F(2×2, 3×3)) multiplies per
/// output and channel instead of 9. The result is not the direct convolution's bits: it differs by the transforms'
/// rounding, within the golden tolerance (1e-4 + 2e-3·|ref| against PyTorch at ResNet-18's layer shapes).
/// </summary>
/// <remarks>
/// <para>
/// The output is cut into m×m tiles (m = 4 where the map is wider and taller than 8, else m = 2: a 7×7 map in 4×4 tiles
/// of F(2, 3) wastes fewer lanes than in 8×8 of F(4, 3)); each (m + 2)² input tile is transformed (Bᵀ d B), then for
/// each of the α² = (m + 2)² coordinates a product over the channels (filters × tiles, <see cref="WinogradProducts"/>),
/// then each product tile is transformed back (Aᵀ M A), the bias added and the ReLU or ReLU6 applied as it is stored.
/// </para>
/// <para>
/// Determinism: every product sums the channels in order from zero; every transform is one fixed sequence of
/// operations per lane. Work is split across <see cref="KernelThreads.Current"/> threads by samples and channels (the
/// input transform) and by samples, tile blocks and runs of filters (products and output transform); no value depends
/// on the split or on the vector width, so every thread count and width gives the same bits.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class WinogradConv
{
    /// <summary>Filters per unit of the transformed filters' layout (a multiple of every width's two vectors).</summary>
    const int FilterGrain = 32;

    /// <summary>Tiles per unit of a sample's transformed input (a multiple of every width's lanes).</summary>
    const int TileGrain = 16;

    [ThreadStatic] static InputJob? t_input;
    [ThreadStatic] static OutputJob? t_output;

    /// <summary>Whether <see cref="Forward"/> computes this convolution: a square 3×3 kernel, stride 1, dilation 1, groups 1.</summary>
    public static bool Handles(in ConvGeometry geometry) =>
        geometry.IsSquare && geometry.Kernel == 3 && geometry.Stride == 1 && geometry.Dilation == 1 && geometry.Groups == 1;

    /// <summary>The output tile's side m: 4 (F(4×4, 3×3)) where the output is more than 8 high and wide, else 2 (F(2×2, 3×3)).</summary>
    public static int TileSize(in ConvGeometry geometry) => geometry.OutHeight > 8 && geometry.OutWidth > 8 ? 4 : 2;

    /// <summary>
    /// Floats <see cref="TransformFilters"/> writes: (m + 2)² · channels · filters rounded up to a multiple of 32. The
    /// layout depends on the geometry only (not on the vector width).
    /// </summary>
    public static long TransformedLength(in ConvGeometry geometry)
    {
        var alpha = TileSize(geometry) + 2;
        return (long)alpha * alpha * geometry.Channels * PaddedFilters(geometry.Filters);
    }

    static int PaddedFilters(int filters) => (filters + FilterGrain - 1) / FilterGrain * FilterGrain;

    /// <summary>
    /// Transforms the filters (G g Gᵀ per filter and channel, in double precision) into <paramref name="transformed"/>:
    /// coordinate ξ, channel c, filter f at (ξ·C + c)·F′ + f with F′ the filters rounded up to 32 (the extra filters zero).
    /// </summary>
    /// <param name="weight">[F, C, 3, 3], as <c>Conv2d.weight</c>.</param>
    /// <param name="transformed">At least <see cref="TransformedLength"/> floats.</param>
    /// <param name="geometry">A convolution <see cref="Handles"/> accepts.</param>
    /// <exception cref="ArgumentException">the geometry is not one <see cref="Handles"/> accepts, or a span is too short.</exception>
    public static void TransformFilters(ReadOnlySpan<float> weight, Span<float> transformed, in ConvGeometry geometry)
    {
        CheckGeometry(geometry);
        KernelGuard.AtLeast(weight.Length, (long)geometry.Filters * geometry.ColumnRows, nameof(weight));
        KernelGuard.AtLeast(transformed.Length, TransformedLength(geometry), nameof(transformed));
        int m = TileSize(geometry), alpha = m + 2, channels = geometry.Channels, filters = geometry.Filters, padded = PaddedFilters(filters);
        var coordinateStride = (long)channels * padded;
        fixed (float* pw = weight, pt = transformed)
        {
            for (var c = 0; c < channels; c++)
            {
                var row = pt + (long)c * padded;
                for (var f = 0; f < filters; f++)
                    WinogradTransforms.Filter(m, pw + ((long)f * channels + c) * 9, row + f, coordinateStride);
                for (var xi = 0; xi < alpha * alpha; xi++)
                    new Span<float>(row + xi * coordinateStride + filters, padded - filters).Clear();
            }
        }
    }

    /// <summary>output[n] = conv2d(input[n], W) + b, with W transformed by <see cref="TransformFilters"/>.</summary>
    /// <param name="input">[N, C, H, W].</param>
    /// <param name="transformed">The filters from <see cref="TransformFilters"/> for this geometry.</param>
    /// <param name="bias">[F], or empty for none.</param>
    /// <param name="output">[N, F, OH, OW].</param>
    /// <param name="geometry">A convolution <see cref="Handles"/> accepts.</param>
    /// <param name="batch">N.</param>
    /// <exception cref="ArgumentException">the geometry is not one <see cref="Handles"/> accepts, or a span is too short.</exception>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> transformed, ReadOnlySpan<float> bias, Span<float> output, in ConvGeometry geometry, int batch) =>
        Run(input, transformed, bias, output, geometry, batch, Activation.None);

    /// <summary>As <see cref="Forward"/>, then <c>relu</c> as the outputs are stored (x ≤ 0 → +0, NaN kept: <see cref="Activations.ReLU"/>'s rule).</summary>
    public static void ForwardWithReLU(ReadOnlySpan<float> input, ReadOnlySpan<float> transformed, ReadOnlySpan<float> bias, Span<float> output, in ConvGeometry geometry, int batch) =>
        Run(input, transformed, bias, output, geometry, batch, Activation.ReLU);

    /// <summary>As <see cref="Forward"/>, then <c>relu6</c> as the outputs are stored (<see cref="Activations.ReLU6"/>'s rule).</summary>
    public static void ForwardWithReLU6(ReadOnlySpan<float> input, ReadOnlySpan<float> transformed, ReadOnlySpan<float> bias, Span<float> output, in ConvGeometry geometry, int batch) =>
        Run(input, transformed, bias, output, geometry, batch, Activation.ReLU6);

    enum Activation { None, ReLU, ReLU6 }

    static void CheckGeometry(in ConvGeometry geometry)
    {
        KernelGuard.Valid(geometry);
        if (!Handles(geometry))
            throw new ArgumentException($"expected a 3×3 convolution with stride 1, dilation 1 and groups 1, got kernel {geometry.Kernel}×{geometry.KernelWidth}, stride {geometry.Stride}, dilation {geometry.Dilation}, groups {geometry.Groups}", nameof(geometry));
    }

    /// <summary>The tiling of one geometry: m, α, tiles down and across, and the per-sample tile stride.</summary>
    readonly struct Tiling
    {
        public readonly int M, Alpha, Coordinates, TilesHigh, TilesWide, Tiles, TileStride, PlaneHeight, PlaneWidth, Block;

        public Tiling(in ConvGeometry g)
        {
            M = TileSize(g);
            Alpha = M + 2;
            Coordinates = Alpha * Alpha;
            TilesHigh = (g.OutHeight + M - 1) / M;
            TilesWide = (g.OutWidth + M - 1) / M;
            Tiles = TilesHigh * TilesWide;
            TileStride = (Tiles + TileGrain - 1) / TileGrain * TileGrain;
            PlaneHeight = TilesHigh * M + 2;
            PlaneWidth = TilesWide * M + 2;
            // Tiles per block of the products: as few blocks as keep a block's products (block · α² · 32 floats) within
            // 384 KB, since each block reads all the transformed filters; equal blocks, each a multiple of 12 (whole
            // register tiles on every width).
            var most = Math.Max(12, 98304 / (Coordinates * FilterGrain));
            var blocks = (Tiles + most - 1) / most;
            Block = ((Tiles + blocks - 1) / blocks + 11) / 12 * 12;
        }
    }

    static void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> transformed, ReadOnlySpan<float> bias, Span<float> output, in ConvGeometry geometry, int batch, Activation activation)
    {
        CheckGeometry(geometry);
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(input.Length, (long)batch * geometry.InputLength, nameof(input));
        KernelGuard.AtLeast(transformed.Length, TransformedLength(geometry), nameof(transformed));
        KernelGuard.AtLeast(output.Length, (long)batch * geometry.OutputLength, nameof(output));
        if (!bias.IsEmpty) KernelGuard.Exactly(bias.Length, geometry.Filters, nameof(bias));
        if (batch == 0) return;

        var tiling = new Tiling(geometry);
        var threads = KernelThreads.Current;
        var tilesLength = (long)batch * tiling.Coordinates * geometry.Channels * tiling.TileStride;
        var tiles = Scratch.WinogradInput(tilesLength);
        fixed (float* pi = input, pt = transformed, pb = bias, po = output)
        {
            var inputJob = t_input ??= new InputJob();
            inputJob.Input = pi; inputJob.Tiles = tiles; inputJob.Geometry = geometry; inputJob.Tiling = tiling;
            inputJob.Parts = batch >= threads ? 1 : Math.Min(threads, geometry.Channels);
            WorkerPool.Run(inputJob, batch * inputJob.Parts);

            var outputJob = t_output ??= new OutputJob();
            outputJob.Tiles = tiles; outputJob.Transformed = pt; outputJob.Bias = pb; outputJob.Output = po;
            outputJob.Geometry = geometry; outputJob.Tiling = tiling; outputJob.Activation = activation;
            outputJob.Blocks = (tiling.Tiles + tiling.Block - 1) / tiling.Block;
            var chunks = PaddedFilters(geometry.Filters) / FilterGrain;
            var items = batch * outputJob.Blocks;
            outputJob.Parts = items >= 2 * threads || threads == 1 ? 1 : Math.Min(chunks, threads);
            WorkerPool.Run(outputJob, items * outputJob.Parts);
        }
    }

    /// <summary>One run of one sample's channels per item: gathered into tiles, transformed (Bᵀ d B).</summary>
    sealed class InputJob : ParallelJob
    {
        public float* Input, Tiles;
        public ConvGeometry Geometry;
        public Tiling Tiling;
        public int Parts;

        public override void Run(int item)
        {
            ref readonly var g = ref Geometry;
            int n = item / Parts, part = item % Parts, channels = g.Channels;
            int first = (int)((long)part * channels / Parts), end = (int)((long)(part + 1) * channels / Parts);
            switch (Simd.Width)
            {
                case 512: TransformInput<Vector512<float>, Simd512>(n, first, end); break;
                case 256: TransformInput<Vector256<float>, Simd256>(n, first, end); break;
                default: TransformInput<Vector128<float>, Simd128>(n, first, end); break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void TransformInput<TVec, TOps>(int n, int first, int end) where TVec : unmanaged where TOps : struct, ISimd<TVec>
        {
            ref readonly var g = ref Geometry;
            ref readonly var t = ref Tiling;
            int m = t.M, alpha = t.Alpha, stride = t.TileStride, planeWidth = t.PlaneWidth, pad = g.Padding, height = g.Height, width = g.Width;
            var planeLength = t.PlaneHeight * planeWidth;
            var scratch = Scratch.WinogradTiles(planeLength + (long)t.Coordinates * stride + t.Coordinates * TOps.Count);
            float* plane = scratch, gathered = plane + planeLength, rows = gathered + (long)t.Coordinates * stride;
            var sampleTiles = Tiles + (long)n * t.Coordinates * g.Channels * stride;
            var coordinateStride = (nint)g.Channels * stride;
            for (var c = first; c < end; c++)
            {
                // The channel zero-padded to whole tiles: rows and columns −P … TilesHigh·m + 2 − P. The plane is at
                // least H + 2P high and W + 2P wide (OH = H + 2P − 2 ≤ TilesHigh·m); only its border is cleared.
                var image = Input + ((long)n * g.Channels + c) * height * width;
                new Span<float>(plane, pad * planeWidth).Clear();
                for (var y = 0; y < height; y++)
                {
                    var row = plane + (y + pad) * planeWidth;
                    new Span<float>(row, pad).Clear();
                    new ReadOnlySpan<float>(image + (long)y * width, width).CopyTo(new Span<float>(row + pad, width));
                    new Span<float>(row + pad + width, planeWidth - pad - width).Clear();
                }
                new Span<float>(plane + (height + pad) * planeWidth, (t.PlaneHeight - height - pad) * planeWidth).Clear();
                // Pixel (i, j) of tile (ty, tx) to gathered[(i·α + j)·stride + ty·TilesWide + tx]; the tiles past the last are zero.
                for (var i = 0; i < alpha; i++)
                {
                    var target = gathered + i * alpha * stride;
                    for (var ty = 0; ty < t.TilesHigh; ty++, target += t.TilesWide)
                    {
                        var source = plane + (ty * m + i) * planeWidth;
                        if (m == 4) Gather6(source, target, stride, t.TilesWide);
                        else Gather4(source, target, stride, t.TilesWide);
                    }
                    for (var j = 0; j < alpha; j++) new Span<float>(target + j * stride, stride - t.Tiles).Clear();
                }
                var result = sampleTiles + (long)c * stride;
                for (var tile = 0; tile < stride; tile += TOps.Count)
                    WinogradTransforms.InputTile<TVec, TOps>(m, gathered + tile, stride, rows, result + tile, coordinateStride);
            }
        }
    }

    /// <summary>One pixel row of <paramref name="tiles"/> 6-wide tiles 4 apart (F(4×4)): pixel j of tile x to target[j·stride + x].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Gather6(float* source, float* target, nint stride, int tiles)
    {
        for (nint x = 0; x < tiles; x++, source += 4)
        {
            target[x] = source[0]; target[stride + x] = source[1]; target[2 * stride + x] = source[2];
            target[3 * stride + x] = source[3]; target[4 * stride + x] = source[4]; target[5 * stride + x] = source[5];
        }
    }

    /// <summary>One pixel row of <paramref name="tiles"/> 4-wide tiles 2 apart (F(2×2)): pixel j of tile x to target[j·stride + x].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Gather4(float* source, float* target, nint stride, int tiles)
    {
        for (nint x = 0; x < tiles; x++, source += 2)
        {
            target[x] = source[0]; target[stride + x] = source[1]; target[2 * stride + x] = source[2]; target[3 * stride + x] = source[3];
        }
    }

    /// <summary>One (sample, tile block, run of filters) per item: the products over the channels, then Aᵀ M A, the bias and the activation.</summary>
    sealed class OutputJob : ParallelJob
    {
        public float* Tiles, Transformed, Bias, Output;
        public ConvGeometry Geometry;
        public Tiling Tiling;
        public Activation Activation;
        public int Blocks, Parts;

        public override void Run(int item)
        {
            var part = item % Parts;
            var block = item / Parts % Blocks;
            var n = item / Parts / Blocks;
            var chunks = PaddedFilters(Geometry.Filters) / FilterGrain;
            int first = (int)((long)part * chunks / Parts) * FilterGrain, end = (int)((long)(part + 1) * chunks / Parts) * FilterGrain;
            var firstTile = block * Tiling.Block;
            var endTile = Math.Min(Tiling.Tiles, firstTile + Tiling.Block);
            switch (Simd.Width)
            {
                case 512: Run<Vector512<float>, Simd512>(n, firstTile, endTile, first, end); break;
                case 256: Run<Vector256<float>, Simd256>(n, firstTile, endTile, first, end); break;
                default: Run<Vector128<float>, Simd128>(n, firstTile, endTile, first, end); break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Run<TVec, TOps>(int n, int firstTile, int endTile, int firstFilter, int endFilter) where TVec : unmanaged where TOps : struct, ISimd<TVec>
        {
            ref readonly var g = ref Geometry;
            ref readonly var t = ref Tiling;
            int lanes = TOps.Count, chunk = 2 * lanes, coordinates = t.Coordinates, m = t.M, channels = g.Channels;
            int filters = g.Filters, paddedFilters = PaddedFilters(filters), outHeight = g.OutHeight, outWidth = g.OutWidth;
            var blockTiles = endTile - firstTile;
            // Products: tile k, coordinate ξ at products[(k·α² + ξ)·2L]; then the row pass and one tile's outputs.
            var productsLength = (long)blockTiles * coordinates * chunk;
            var scratch = Scratch.WinogradTiles(productsLength + (long)(t.Alpha * m + m * m) * lanes);
            float* products = scratch, rows = products + productsLength, outputs = rows + t.Alpha * m * lanes;
            var sampleTiles = Tiles + (long)n * coordinates * channels * t.TileStride + firstTile;
            var tileStride = (nint)t.TileStride;
            var productStride = (nint)coordinates * chunk;
            var plane = (long)outHeight * outWidth;
            var sampleOutput = Output + (long)n * filters * plane;
            for (var f0 = firstFilter; f0 < endFilter; f0 += chunk)
            {
                for (var xi = 0; xi < coordinates; xi++)
                {
                    var u = Transformed + (long)xi * channels * paddedFilters + f0;
                    var v = sampleTiles + (long)xi * channels * tileStride;
                    for (var k = 0; k < blockTiles;)
                    {
                        var count = WinogradProducts.TilesAt(k, blockTiles);
                        WinogradProducts.Multiply<TVec, TOps>(count, u, paddedFilters, v + k, tileStride, channels, products + ((long)k * coordinates + xi) * chunk, productStride);
                        k += count;
                    }
                }
                for (var k = 0; k < blockTiles; k++)
                {
                    var tile = firstTile + k;
                    int oy = tile / t.TilesWide * m, ox = tile % t.TilesWide * m;
                    int rowsValid = Math.Min(m, outHeight - oy), columnsValid = Math.Min(m, outWidth - ox);
                    for (var half = 0; half < 2; half++)
                    {
                        var f = f0 + half * lanes;
                        if (f >= filters) break;
                        WinogradTransforms.OutputTile<TVec, TOps>(m, products + (long)k * productStride + half * lanes, chunk, rows, outputs);
                        var bias = Bias == null || f + lanes > filters ? TOps.Zero : TOps.Load(Bias + f);
                        for (var p = 0; p < m * m; p++)
                        {
                            var value = TOps.Load(outputs + p * lanes);
                            if (Bias != null) value = TOps.Add(value, f + lanes > filters ? PartialBias<TVec, TOps>(f, filters) : bias);
                            TOps.Store(outputs + p * lanes, Activate<TVec, TOps>(value, Activation));
                        }
                        // Lane l of output pixel (a, b) is filter f + l at (oy + a, ox + b).
                        var valid = Math.Min(lanes, filters - f);
                        for (var l = 0; l < valid; l++)
                        {
                            var target = sampleOutput + (f + l) * plane + (long)oy * outWidth + ox;
                            for (var a = 0; a < rowsValid; a++)
                                for (var b = 0; b < columnsValid; b++)
                                    target[a * outWidth + b] = outputs[(a * m + b) * lanes + l];
                        }
                    }
                }
            }
        }

        /// <summary>The bias of filters f … filters − 1 in the first lanes, +0 in the rest.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        TVec PartialBias<TVec, TOps>(int f, int filters) where TVec : unmanaged where TOps : struct, ISimd<TVec>
        {
            var valid = filters - f;
            return TOps.LoadFirst(Bias + f, TOps.FirstLanes(valid), valid);
        }
    }

    /// <summary>The activation as it is stored: ReLU's rule (x ≤ 0 → +0, NaN kept) or ReLU6's (<see cref="Activations.ReLU6"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TVec Activate<TVec, TOps>(TVec value, Activation activation) where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        switch (activation)
        {
            case Activation.ReLU: return TOps.Rectify(value);
            case Activation.ReLU6: return default(Activations.ReLU6Op).Apply<TVec, TOps>(value);
            default: return value;
        }
    }
}
