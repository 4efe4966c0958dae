using System;
using System.Text;

namespace CnnGen.Generator.Emit;

/// <summary>A minimal indented writer: lines, blocks and blank lines, with "\n" line endings on every platform.</summary>
internal sealed class CodeWriter
{
    readonly StringBuilder _text = new();
    int _indent;

    public void Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
    }

    public void Lines(string lines)
    {
        foreach (var line in lines.Split('\n')) Line(line);
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public Scope Block(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Scope(this);
    }

    public void Indent() => _indent++;

    public void Outdent() => _indent--;

    public override string ToString() => _text.ToString();

    public readonly struct Scope(CodeWriter writer) : IDisposable
    {
        public void Dispose()
        {
            writer._indent--;
            writer.Line("}");
        }
    }
}
