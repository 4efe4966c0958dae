using CnnGen.Weights;

namespace CnnGen.Tests.Weights;

public sealed class AtomicSaveTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("cnngen-save-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Accepts <paramref name="limit"/> bytes, then fails like a full disk.</summary>
    sealed class FailingStream(Stream inner, long limit) : InterceptedWriteStream(inner)
    {
        long _written;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var allowed = (int)Math.Min(buffer.Length, limit - _written);
            Inner.Write(buffer[..allowed]);
            _written += allowed;
            if (allowed < buffer.Length) throw new IOException("No space left on device (simulated).");
        }
    }

    [Fact]
    public void Save_to_a_path_round_trips_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_folder, "model.safetensors");
        var source = new TensorOnlyNetwork(seed: 1);
        SafeTensors.Save(source, path);
        var target = new TensorOnlyNetwork(seed: 2);
        SafeTensors.Load(target, path);
        Assert.Equal(source.AllValues(), target.AllValues());
        Assert.Equal(["model.safetensors"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failure_mid_save_leaves_the_previous_file_loadable()
    {
        var path = Path.Combine(_folder, "model.safetensors");
        var old = new TensorOnlyNetwork(seed: 1);
        SafeTensors.Save(old, path);
        var oldBytes = File.ReadAllBytes(path);

        var newer = new TensorOnlyNetwork(seed: 3);
        var error = Assert.Throws<IOException>(() => SafeTensors.Save(newer, path, file => new FailingStream(file, limit: 300)));
        Assert.Contains("simulated", error.Message);

        Assert.Equal(oldBytes, File.ReadAllBytes(path));
        var target = new TensorOnlyNetwork(seed: 2);
        SafeTensors.Load(target, path);
        Assert.Equal(old.AllValues(), target.AllValues());
        Assert.Equal(["model.safetensors"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Save_overwrites_an_existing_file()
    {
        var path = Path.Combine(_folder, "model.safetensors");
        SafeTensors.Save(new TensorOnlyNetwork(seed: 1), path);
        var newer = new TensorOnlyNetwork(seed: 3);
        SafeTensors.Save(newer, path);
        var target = new TensorOnlyNetwork(seed: 2);
        SafeTensors.Load(target, path);
        Assert.Equal(newer.AllValues(), target.AllValues());
    }

    [Fact]
    public void Loading_a_missing_file_names_it()
    {
        var path = Path.Combine(_folder, "absent.safetensors");
        var error = Assert.Throws<FileNotFoundException>(() => SafeTensors.Load(new TensorOnlyNetwork(), path));
        Assert.Contains("absent.safetensors", error.Message);
    }
}
