namespace CnnGen;

/// <summary>A count with its noun in the right number, for messages: "1 epoch", "2 epochs", "1 batch", "3 batches".</summary>
internal static class Counted
{
    /// <summary><paramref name="count"/> followed by <paramref name="singular"/> when it is 1, else by <paramref name="plural"/> (default: singular + "s").</summary>
    public static string Of(long count, string singular, string? plural = null) =>
        $"{count.ToString(System.Globalization.CultureInfo.InvariantCulture)} {(count == 1 ? singular : plural ?? singular + "s")}";
}
