using System.ComponentModel;
namespace CnnGen.Quantization;

/// <summary>
/// The int8 weights and int32 biases of a Conv2D or Dense layer as the int8 kernels read them: each output channel's
/// row of taps (a convolution's C/G·K·K, a dense layer's inputs) padded with zeros to a multiple of 16 bytes, with the
/// row's sum kept to apply the input's zero point (Σ (x − z)·w = Σ x·w − z·Σ w). Made once, when a network is
/// quantized or loaded.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PackedInt8Weights
{
    PackedInt8Weights(int rows, int taps, sbyte[] values, int[] bias, int[] rowSums)
    {
        Rows = rows;
        Taps = taps;
        Values = values;
        Bias = bias;
        RowSums = rowSums;
    }

    /// <summary>Output channels (rows).</summary>
    public int Rows { get; }

    /// <summary>Weights per row before padding.</summary>
    public int Taps { get; }

    /// <summary>Bytes per packed row: <see cref="Taps"/> rounded up to a multiple of 16.</summary>
    public int PaddedTaps => PaddedLength(Taps);

    internal sbyte[] Values { get; }

    /// <summary>
    /// The filters as the direct convolution reads them (<see cref="Int8DirectConv.Pack"/>) for a square kernel of
    /// <paramref name="kernel"/> taps a side, packed on first use (a network's first forward pass) and kept.
    /// </summary>
    internal sbyte[] DirectFilters(int kernel)
    {
        var form = _direct;
        if (form is null || form.Kernel != kernel)
        {
            form = new DirectForm(kernel, Int8DirectConv.Pack(Values, PaddedTaps, Rows, Taps / (kernel * kernel), kernel));
            _direct = form;
        }
        return form.Filters;
    }

    /// <summary>One immutable object, so that a reader on another thread sees a kernel size and its filters together.</summary>
    sealed record DirectForm(int Kernel, sbyte[] Filters);

    volatile DirectForm? _direct;
    internal int[] Bias { get; }
    internal int[] RowSums { get; }

    /// <summary><paramref name="taps"/> rounded up to a multiple of 16 (the row length the kernels read).</summary>
    public static int PaddedLength(int taps) => (taps + 15) & ~15;

    /// <summary>Packs <paramref name="weight"/> [rows, taps] (PyTorch's layout: [F, C/G, K, K] or [Out, In]) and its bias.</summary>
    /// <param name="weight">[rows · taps] signed 8-bit weights (symmetric quantization gives [−127, 127]).</param>
    /// <param name="bias">[rows] int32 biases at scale input scale · weight scale, or empty for none.</param>
    /// <param name="rows">Output channels.</param>
    /// <param name="taps">Weights per output channel.</param>
    /// <exception cref="ArgumentException">
    /// A length does not match, or a row's sum could leave the 32-bit range: |bias| + 255 · Σ|w| must be at most
    /// 2³¹ − 1 (the largest |Σ (x − z)·w + bias| over 8-bit activations), so that the int32 accumulation is exact.
    /// </exception>
    public static PackedInt8Weights Create(ReadOnlySpan<sbyte> weight, ReadOnlySpan<int> bias, int rows, int taps)
    {
        if (rows <= 0 || taps <= 0) throw new ArgumentException($"expected positive rows and taps, got {rows} x {taps}");
        if (weight.Length != (long)rows * taps) throw new ArgumentException($"weight holds {weight.Length} values, expected {rows} x {taps} = {(long)rows * taps}", nameof(weight));
        if (!bias.IsEmpty && bias.Length != rows) throw new ArgumentException($"bias holds {bias.Length} values, expected {rows} (or none)", nameof(bias));
        var padded = PaddedLength(taps);
        if ((long)rows * padded > Array.MaxLength) throw new ArgumentException($"{rows} x {padded} packed weights exceed an array's {Array.MaxLength}");
        var values = GC.AllocateArray<sbyte>(rows * padded, pinned: true);
        var biases = new int[rows];
        var sums = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = weight.Slice(r * taps, taps);
            row.CopyTo(values.AsSpan(r * padded, taps));
            long sum = 0, magnitude = 0;
            foreach (var w in row)
            {
                sum += w;
                magnitude += Math.Abs(w);
            }
            var b = bias.IsEmpty ? 0 : bias[r];
            if (Math.Abs((long)b) + 255 * magnitude > int.MaxValue)
                throw new ArgumentException($"row {r}: |bias| {Math.Abs((long)b)} + 255 x sum |w| {magnitude} exceeds the int32 accumulator's {int.MaxValue}", nameof(weight));
            biases[r] = b;
            sums[r] = (int)sum;
        }
        return new PackedInt8Weights(rows, taps, values, biases, sums);
    }
}
