using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace CnnGen.Tests.PublicApi;

/// <summary>
/// The public API of CnnGen.Runtime — every public type and public or protected member a user sees, i.e. without
/// those marked <c>[EditorBrowsable(Never)]</c> (the kernels the generated code calls) — against the committed
/// <c>CnnGen.Runtime.api.txt</c>. A change to the API shows as a diff here and writes <c>CnnGen.Runtime.api.received.txt</c>;
/// copy it over the committed file when the change is meant.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Public_API_matches_the_committed_list()
    {
        var folder = Path.GetDirectoryName(SourceFile())!;
        var expectedPath = Path.Combine(folder, "CnnGen.Runtime.api.txt");
        var receivedPath = Path.Combine(folder, "CnnGen.Runtime.api.received.txt");
        var actual = ApiLister.List(typeof(INetwork).Assembly);
        var expected = File.Exists(expectedPath) ? File.ReadAllLines(expectedPath) : [];
        var removed = expected.Except(actual).ToArray();
        var added = actual.Except(expected).ToArray();
        if (removed.Length == 0 && added.Length == 0 && expected.SequenceEqual(actual))
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllLines(receivedPath, actual);
        var diff = new StringBuilder($"The public API of CnnGen.Runtime changed (the whole list is in {receivedPath}):\n");
        foreach (var line in removed) diff.Append("- ").AppendLine(line);
        foreach (var line in added) diff.Append("+ ").AppendLine(line);
        Assert.Fail(diff.ToString());
    }

    [Fact]
    public void No_kernel_type_is_visible_to_users()
    {
        var visible = ApiLister.VisibleTypes(typeof(INetwork).Assembly)
            .Where(t => t.Namespace is "CnnGen.Kernels" or "CnnGen.Threading" or "CnnGen.Quantization" || t.Name == "NetworkGuards")
            .Select(t => t.FullName).ToArray();
        Assert.Empty(visible);
    }

    static string SourceFile([CallerFilePath] string path = "") => path;
}

/// <summary>One line per public type and per member, sorted, in a C#-like notation.</summary>
internal static class ApiLister
{
    const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    static bool Hidden(MemberInfo member) =>
        member.GetCustomAttribute<EditorBrowsableAttribute>() is { State: EditorBrowsableState.Never };

    public static IEnumerable<Type> VisibleTypes(Assembly assembly) =>
        assembly.GetExportedTypes().Where(t => !Hidden(t) && !(t.DeclaringType is { } outer && Hidden(outer)));

    public static string[] List(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in VisibleTypes(assembly))
        {
            var name = Name(type);
            lines.Add($"{Kind(type)} {name}{Bases(type)}");
            foreach (var member in type.GetMembers(Declared).Where(m => Visible(m) && !Hidden(m)))
            {
                if (Describe(member) is { } text) lines.Add($"{name}: {text}");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return [.. lines];
    }

    static bool Visible(MemberInfo member) => member switch
    {
        MethodBase m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !m.IsSpecialName || m is ConstructorInfo { IsPublic: true } or ConstructorInfo { IsFamily: true },
        FieldInfo f => (f.IsPublic || f.IsFamily) && !f.IsSpecialName,
        PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily),
        EventInfo e => e.AddMethod is { IsPublic: true } or { IsFamily: true },
        Type t => false,
        _ => false,
    };

    static string? Describe(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"{(c.IsStatic ? "static " : "")}.ctor({Parameters(c)})",
        MethodInfo m => $"{(m.IsStatic ? "static " : "")}{(m.IsAbstract && !m.DeclaringType!.IsInterface ? "abstract " : "")}{Name(m.ReturnType)} {m.Name}{Generic(m)}({Parameters(m)})",
        PropertyInfo p => $"{(p.GetAccessors(true)[0].IsStatic ? "static " : "")}{Name(p.PropertyType)} {p.Name}{Indexer(p)} {{ {Accessors(p)}}}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{Name(f.FieldType)} {f.Name}",
        EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
        _ => null,
    };

    static string Indexer(PropertyInfo p) => p.GetIndexParameters() is { Length: > 0 } ps ? $"[{string.Join(", ", ps.Select(Parameter))}]" : "";

    static string Accessors(PropertyInfo p)
    {
        var text = new StringBuilder();
        if (p.GetMethod is { } get && (get.IsPublic || get.IsFamily)) text.Append("get; ");
        if (p.SetMethod is { } set && (set.IsPublic || set.IsFamily))
            text.Append(set.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit") ? "init; " : "set; ");
        return text.ToString();
    }

    static string Generic(MethodInfo m) => m.IsGenericMethodDefinition ? $"<{string.Join(", ", m.GetGenericArguments().Select(a => a.Name))}>" : "";

    static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(Parameter));

    static string Parameter(ParameterInfo p)
    {
        var type = p.ParameterType;
        var prefix = type.IsByRef ? p.IsOut ? "out " : p.IsIn ? "in " : "ref " : p.GetCustomAttribute<ParamArrayAttribute>() is not null ? "params " : "";
        var text = $"{prefix}{Name(type.IsByRef ? type.GetElementType()! : type)} {p.Name}";
        return p.HasDefaultValue ? $"{text} = {Value(p.DefaultValue)}" : text;
    }

    static string Value(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static string Kind(Type type) =>
        type.IsInterface ? "interface"
        : type.IsEnum ? "enum"
        : type.IsValueType ? (type.IsByRefLike ? "ref struct" : "struct")
        : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
        : type.IsAbstract && type.IsSealed ? "static class"
        : type.IsAbstract ? "abstract class"
        : type.IsSealed ? "sealed class"
        : "class";

    static string Bases(Type type)
    {
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) && !typeof(Delegate).IsAssignableFrom(type)) bases.Add(Name(b));
        var inherited = type.BaseType?.GetInterfaces() ?? [];
        bases.AddRange(type.GetInterfaces().Where(i => !inherited.Contains(i) && i.IsPublic).Select(Name).Order(StringComparer.Ordinal));
        return bases.Count == 0 ? "" : " : " + string.Join(", ", bases);
    }

    static string Name(Type type)
    {
        if (type.IsGenericParameter) return type.Name;
        if (type.IsArray) return Name(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (type.IsPointer) return Name(type.GetElementType()!) + "*";
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Name(underlying) + "?";
        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : $"{type.Namespace}.{type.Name}";
        if (!type.IsGenericType) return name;
        var tick = name.IndexOf('`');
        var arguments = type.GetGenericArguments();
        if (type.IsNested) arguments = arguments[type.DeclaringType!.GetGenericArguments().Length..];
        return (tick >= 0 ? name[..tick] : name) + "<" + string.Join(", ", arguments.Select(Name)) + ">";
    }
}
