using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

public class Im2ColTests
{
    public static TheoryData<ConvGeometry> Geometries() => new(Reference.ConvGeometries());

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Lower_matches_the_definition(ConvGeometry geometry)
    {
        var image = KernelAssert.Random(geometry.InputLength, 1);
        var columns = KernelAssert.Poisoned(geometry.ColumnRows * geometry.ColumnCols);
        Im2Col.Lower(image, columns, geometry);
        KernelAssert.Close(Reference.Lower(image, geometry), columns, 0, 0, "columns");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Raise_is_the_adjoint_of_lower_and_adds(ConvGeometry geometry)
    {
        // ⟨Lower(x), y⟩ = ⟨x, Raise(y)⟩ for all x, y; checked on basis-free random vectors.
        var x = KernelAssert.Random(geometry.InputLength, 2);
        var y = KernelAssert.Random(geometry.ColumnRows * geometry.ColumnCols, 3);
        var lowered = new float[y.Length];
        Im2Col.Lower(x, lowered, geometry);
        var start = KernelAssert.Random(geometry.InputLength, 4);
        var raised = (float[])start.Clone();
        Im2Col.Raise(y, raised, geometry);

        var left = KernelAssert.Dot(lowered, y);
        var right = 0.0;
        // Lower and Raise touch one group's channels, the first C/G of the image.
        var groupLength = geometry.InputLength / geometry.Groups;
        for (var i = 0; i < groupLength; i++) right += (double)x[i] * (raised[i] - start[i]);
        Assert.True(Math.Abs(left - right) <= 1e-4 * Math.Max(1, Math.Abs(left)), $"⟨Lx,y⟩ = {left}, ⟨x,Ry⟩ = {right}");

        // And element by element: Raise adds each column entry to the pixel it came from.
        var expected = start.Select(v => (double)v).ToArray();
        var g = geometry;
        for (var c = 0; c < g.Channels / g.Groups; c++)
            for (var ky = 0; ky < g.Kernel; ky++)
                for (var kx = 0; kx < g.Kernel; kx++)
                    for (var oy = 0; oy < g.OutHeight; oy++)
                        for (var ox = 0; ox < g.OutWidth; ox++)
                        {
                            int iy = oy * g.Stride - g.Padding + ky * g.Dilation, ix = ox * g.Stride - g.Padding + kx * g.Dilation;
                            if (iy < 0 || iy >= g.Height || ix < 0 || ix >= g.Width) continue;
                            expected[(c * g.Height + iy) * g.Width + ix] += y[((c * g.Kernel + ky) * g.Kernel + kx) * g.ColumnCols + oy * g.OutWidth + ox];
                        }
        KernelAssert.Close(expected, raised, 1e-5, 1e-5, "raised");
    }

    [Fact]
    public void Short_columns_are_rejected()
    {
        var geometry = new ConvGeometry(1, 4, 4, 1, 3, 1, 0);
        Assert.Throws<ArgumentException>(() => Im2Col.Lower(new float[16], new float[35], geometry));
    }
}
