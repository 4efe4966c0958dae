using System.Globalization;
using System.Linq;
using System.Text;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit;

internal sealed partial class NetworkEmitter
{
    void EmitSummary()
    {
        _w.Line("/// <summary>A Keras-style table of the layers: output shape, parameters, multiply-adds and activation bytes per sample.</summary>");
        _w.Line("public string Summary =>");
        _w.Indent();
        var lines = SummaryText().Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var last = i == lines.Length - 1;
            _w.Line(Names.Literal(lines[i] + (last ? "" : "\n")) + (last ? ";" : " +"));
        }
        _w.Outdent();
        _w.Line();
    }

    string SummaryText()
    {
        var c = CultureInfo.InvariantCulture;
        var rows = _plan.Layers.Select(l => (
            Layer: $"{l.Name} ({l.Kind})",
            Shape: l.Kind.IsLoss() ? "" : l.Output.ToString(),
            Params: Names.Grouped(l.ParameterCount),
            Macs: Names.Grouped(l.MultiplyAdds),
            Bytes: l.Kind.IsLoss() || Definition(l).IsAlias ? "0" : Names.Grouped(4L * l.Output.Length))).ToList();
        rows.Insert(0, ("input", _plan.Input.ToString(), "0", "0", Names.Grouped(4L * _plan.Input.Length)));

        var header = ("Layer (type)", "Output shape", "Params", "MACs", "Activation bytes");
        var w1 = rows.Select(r => r.Layer.Length).Append(header.Item1.Length).Max();
        var w2 = rows.Select(r => r.Shape.Length).Append(header.Item2.Length).Max();
        var w3 = rows.Select(r => r.Params.Length).Append(header.Item3.Length).Max();
        var w4 = rows.Select(r => r.Macs.Length).Append(header.Item4.Length).Max();
        var w5 = rows.Select(r => r.Bytes.Length).Append(header.Item5.Length).Max();
        string Row(string a, string b, string p, string m, string y) =>
            $"{a.PadRight(w1)}  {b.PadRight(w2)}  {p.PadLeft(w3)}  {m.PadLeft(w4)}  {y.PadLeft(w5)}".TrimEnd();

        var text = new StringBuilder();
        var rule = new string('-', w1 + w2 + w3 + w4 + w5 + 8);
        text.Append(_plan.ClassName).Append(": ").Append(_plan.Loss is null ? "no loss head" : $"trained with {_plan.Loss.Kind}").Append('\n');
        text.Append(Row(header.Item1, header.Item2, header.Item3, header.Item4, header.Item5)).Append('\n');
        text.Append(rule).Append('\n');
        foreach (var row in rows) text.Append(Row(row.Layer, row.Shape, row.Params, row.Macs, row.Bytes)).Append('\n');
        text.Append(rule).Append('\n');
        var macs = _plan.Layers.Sum(l => l.MultiplyAdds);
        var bytes = 4L * (_plan.Input.Length + _plan.Layers.Where(l => !l.Kind.IsLoss() && !Definition(l).IsAlias).Sum(l => (long)l.Output.Length));
        text.Append(string.Format(c, "Total params: {0} ({1} bytes)", Names.Grouped(_plan.ParameterCount), Names.Grouped(4L * _plan.ParameterCount))).Append('\n');
        if (_plan.StateLength > 0) text.Append(string.Format(c, "Non-trainable state: {0}", Names.Grouped(_plan.StateLength))).Append('\n');
        text.Append(string.Format(c, "Multiply-adds per sample: {0}", Names.Grouped(macs))).Append('\n');
        text.Append(string.Format(c, "Activation bytes per sample: {0}", Names.Grouped(bytes)));
        return text.ToString();
    }
}
