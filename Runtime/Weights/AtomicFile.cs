namespace CnnGen.Weights;

/// <summary>Whole-or-nothing file writes: a temporary file beside the target, flushed to disk, then renamed over it.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Runs <paramref name="write"/> on a temporary file in the target's folder, flushes it to disk and renames it to
    /// <paramref name="path"/>. A failure (or a kill) leaves any previous file at <paramref name="path"/> untouched.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)!;
        var temporary = Path.Combine(folder, $".{TemporaryStem(Path.GetFileName(target))}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// At most 40 characters of the target's name: the temporary name adds 38, and a legal but long target name
    /// (up to 255 bytes) must not make the temporary one too long to create.
    /// </summary>
    static string TemporaryStem(string name)
    {
        if (name.Length <= 40) return name;
        return name[..(char.IsHighSurrogate(name[39]) ? 39 : 40)];
    }

    public static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
