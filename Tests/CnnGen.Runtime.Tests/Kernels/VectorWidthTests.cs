using System.Diagnostics;
using CnnGen.Kernels;
using Xunit.Abstractions;

namespace CnnGen.Tests.Kernels;

/// <summary>
/// The same bits on every vector width and thread count (DESIGN §3): the child process trains SimpleConvNet,
/// DeepConvNet, a network with the remaining kernel families (strided convolution, average pooling, batch norm
/// 2-D and 1-D, tanh, dropout; SGD with momentum, RMSprop, Adam) and one with the graph issue's layers (grouped,
/// dilated and transposed convolutions, upsampling, GELU/SiLU/Hardswish/ELU/ReLU6, channel dropout, ceil-mode
/// pooling), one with ceil-mode windows larger than their input and one with ResNet's real-scale paths trained one
/// sample at a time (7×7 stride-2 stem, strided convolutions over phases, filters split across threads, padded 3×3
/// stride-2 max pooling), for three steps, and hashes their Parameters and State, then hashes the Forward output of an
/// inference-only ResNet-20 (activations in shared buffers), calls the zoo's kernels (DESIGN §2c: gates, adaptive
/// pooling, products, channel copies, padding, layer/group/instance norm, per-position dense, rectangular convolution and
/// pooling) forward and backward and hashes their results, the Winograd convolution's outputs, and runs the int8 kernels
/// (<see cref="CnnGen.Quantization.Int8Path"/>: AVX-VNNI where the CPU has it, else the widest 16-bit widening path)
/// and hashes their outputs, then trains a per-pixel classifier and a fine-tuning network (frozen batch-norm statistics,
/// frozen layers the gradient crosses), under the runtime's default and three settings that narrow the vectors, on 1 and 2 threads.
/// </summary>
public class VectorWidthTests(ITestOutputHelper output)
{
    static readonly (string Name, string? Value, int ExpectedWidth)[] Settings =
    [
        ("default", null, Simd.Native),
        ("DOTNET_EnableAVX512", "0", Math.Min(Simd.Native, 256)),
        ("DOTNET_PreferredVectorBitWidth", "256", Math.Min(Simd.Native, 256)),
        ("DOTNET_EnableAVX2", "0", 128),
    ];

    /// <summary>The int8 path a child takes at a width: VNNI and AVX2 need 256 bits, the 512-bit widening path AVX-512.</summary>
    static CnnGen.Quantization.Int8Path ExpectedInt8Path(int width) =>
        width >= 256 && System.Runtime.Intrinsics.X86.AvxVnni.IsSupported ? CnnGen.Quantization.Int8Path.Vnni
        : width == 512 ? CnnGen.Quantization.Int8Path.Widening512
        : width == 256 ? CnnGen.Quantization.Int8Path.Widening256
        : System.Runtime.Intrinsics.X86.Sse41.IsSupported ? CnnGen.Quantization.Int8Path.Widening128
        : CnnGen.Quantization.Int8Path.Scalar;

    [Fact]
    public void Training_gives_the_same_parameters_and_state_on_every_width_and_thread_count()
    {
        var child = Path.Combine(AppContext.BaseDirectory, "CnnGen.Reliability.Child.dll");
        Assert.True(File.Exists(child), $"the child is not built next to the tests: {child}");
        string[]? reference = null;
        var referenceName = "";
        foreach (var (name, value, expectedWidth) in Settings)
            foreach (var threads in new[] { 1, 2 })
            {
                var lines = Run(child, name, value, threads);
                var run = $"{name}{(value == null ? "" : "=" + value)}, {threads} thread(s)";
                output.WriteLine($"{run}: {string.Join(" | ", lines)}");
                Assert.Equal(17, lines.Length);
                Assert.Equal($"width {expectedWidth}", lines[0]);
                Assert.Equal($"int8 {ExpectedInt8Path(expectedWidth)}", lines[11]);
                string[] hashes = [.. lines[1..11], .. lines[12..]];
                if (reference == null)
                {
                    reference = hashes;
                    referenceName = run;
                    continue;
                }
                for (var i = 0; i < hashes.Length; i++)
                    Assert.True(reference[i] == hashes[i], $"{run}: {hashes[i]}, but {referenceName}: {reference[i]}");
            }
    }

    static string[] Run(string child, string name, string? value, int threads)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(child);
        info.ArgumentList.Add("width");
        info.ArgumentList.Add(threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The child sees only the setting under test, not one inherited from the test run.
        foreach (var (setting, _, _) in Settings) info.Environment.Remove(setting);
        if (value != null) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{name}={value}: the child did not finish in 3 minutes");
        }
        Assert.True(process.ExitCode == 0, $"{name}={value}: exit code {process.ExitCode}: {stderr.Result}");
        return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
