using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace CnnGen.Generator.Program;

/// <summary>The values an op touches, for passes that look at every op alike (liveness).</summary>
internal static class OpValues
{
    // Every op is a record whose values are its Value-typed properties: one list per op type, read once.
    static readonly ConcurrentDictionary<Type, PropertyInfo[]> ValueProperties = new();

    /// <summary>The values <paramref name="op"/> reads or writes, in declaration order.</summary>
    public static IEnumerable<Value> Values(this Op op)
    {
        var properties = ValueProperties.GetOrAdd(op.GetType(), type => type.GetProperties().Where(p => p.PropertyType == typeof(Value)).ToArray());
        foreach (var property in properties)
        {
            if (property.GetValue(op) is Value value) yield return value;
        }
    }
}
