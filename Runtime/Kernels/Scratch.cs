namespace CnnGen.Kernels;

/// <summary>Per-thread pinned scratch buffers, grown on first need and kept: steady state allocates nothing.</summary>
static unsafe class Scratch
{
    [ThreadStatic] static float[]? t_columns;
    [ThreadStatic] static float[]? t_image;
    [ThreadStatic] static float[]? t_partials;
    [ThreadStatic] static float[]? t_gradient;
    [ThreadStatic] static float[]? t_weights;
    [ThreadStatic] static float[]? t_packed;
    [ThreadStatic] static float[]? t_tileWeights;
    [ThreadStatic] static float[]? t_flatOutput;
    [ThreadStatic] static float[]? t_phaseInput;
    [ThreadStatic] static int[]? t_offsets;
    [ThreadStatic] static double[]? t_sums;
    [ThreadStatic] static byte[]? t_patches;
    [ThreadStatic] static int[]? t_dots;
    [ThreadStatic] static float[]? t_winogradInput;
    [ThreadStatic] static float[]? t_winogradTiles;

    /// <summary>im2col columns of this thread.</summary>
    public static float* Columns(long length) => Get(ref t_columns, length);

    /// <summary>A padded copy of one input image on this thread.</summary>
    public static float* Image(long length) => Get(ref t_image, length);

    /// <summary>A padded copy of one output gradient on this thread.</summary>
    public static float* Gradient(long length) => Get(ref t_gradient, length);

    /// <summary>Rearranged weights for one call (used by the calling thread only).</summary>
    public static float* Weights(long length) => Get(ref t_weights, length);

    /// <summary>Weights packed for a direct kernel (used by the calling thread only, read by the workers).</summary>
    public static float* Packed(long length) => Get(ref t_packed, length);

    /// <summary>One filter tile's packed weights, packed just before the tile runs (<see cref="DirectConv"/>).</summary>
    public static float* TileWeights(long length) => Get(ref t_tileWeights, length);

    /// <summary>One filter tile's outputs over flat positions (narrow rows, <see cref="DirectConv"/>).</summary>
    public static float* FlatOutput(long length) => Get(ref t_flatOutput, length);

    /// <summary>One zero-padded plane on this thread, split into its stride-2 phases by <see cref="PhaseSplit"/>.</summary>
    public static float* PhaseInput(long length) => Get(ref t_phaseInput, length);

    /// <summary>Image offsets of a kernel's taps on this thread.</summary>
    public static int* Offsets(int length) => Get(ref t_offsets, length);

    /// <summary>Double-precision sums, one per (sample, channel) (used by the calling thread only, written by the workers).</summary>
    public static double* Sums(long length) => Get(ref t_sums, length);

    /// <summary>Rows of 8-bit taps (int8 kernels) on this thread.</summary>
    public static byte* Patches(long length) => Get(ref t_patches, length);

    /// <summary>A block of int32 dot products (int8 kernels) on this thread.</summary>
    public static int* Dots(long length) => Get(ref t_dots, length);

    /// <summary>A batch's Winograd-transformed input tiles (used by the calling thread only, written and read by the workers).</summary>
    public static float* WinogradInput(long length) => Get(ref t_winogradInput, length);

    /// <summary>One channel's gathered tiles, or one tile group's products and outputs, of a Winograd convolution on this thread.</summary>
    public static float* WinogradTiles(long length) => Get(ref t_winogradTiles, length);

    /// <summary>Per-group partial sums of a reduction (used by the calling thread only).</summary>
    public static float* Partials(long length) => Get(ref t_partials, length);

    static T* Get<T>(ref T[]? buffer, long length) where T : unmanaged
    {
        if (buffer is null || buffer.Length < length)
        {
            // A length past an array's limit must not wrap in the cast below to a smaller buffer.
            if (length > Array.MaxLength)
                throw new ArgumentOutOfRangeException(nameof(length), length, $"Scratch of {length} values exceeds the {Array.MaxLength} an array holds.");
            buffer = GC.AllocateUninitializedArray<T>((int)Math.Max(length, 64), pinned: true);
        }
        // Pinned for life (pinned object heap): the address is stable.
        return (T*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(buffer));
    }
}
