using System.Reflection;
using System.Text;

namespace PosAuth.Tests.Shared;

/// <summary>
/// Approval test of a package's public surface (after Serilog's): the exported types and their
/// public and protected members are written as text and compared with the committed file
/// <c>tests/&lt;Package&gt;.Tests/PublicApi/&lt;Package&gt;.txt</c>. On a difference the test fails and
/// writes <c>&lt;Package&gt;.received.txt</c> beside it; review it and copy it over the committed
/// file, or run the tests once with <c>POSAUTH_ACCEPT_API=1</c> to accept every change.
/// </summary>
public static class PublicApiSnapshot
{
    public static void AssertMatchesApproved(string assemblyName)
    {
        Assembly assembly = Assembly.Load(assemblyName);
        string actual = Render(assembly);
        string dir = Path.Combine(RepositoryRoot(), "tests", assemblyName + ".Tests", "PublicApi");
        string approvedPath = Path.Combine(dir, assemblyName + ".txt");
        string receivedPath = Path.Combine(dir, assemblyName + ".received.txt");
        string approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";

        if (approved == actual)
        {
            if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }

            return;
        }

        Directory.CreateDirectory(dir);
        if (Environment.GetEnvironmentVariable("POSAUTH_ACCEPT_API") == "1" && Environment.GetEnvironmentVariable("CI") != "true")
        {
            File.WriteAllText(approvedPath, actual);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        var approvedLines = new HashSet<string>(approved.Split('\n'));
        var actualLines = new HashSet<string>(actual.Split('\n'));
        string added = string.Join("\n", actual.Split('\n').Where(l => !approvedLines.Contains(l)).Take(20).Select(l => "+ " + l));
        string removed = string.Join("\n", approved.Split('\n').Where(l => !actualLines.Contains(l)).Take(20).Select(l => "- " + l));
        Assert.Fail($"The public API of {assemblyName} changed. Review {receivedPath} and copy it over {approvedPath} (or run with POSAUTH_ACCEPT_API=1).\n{removed}\n{added}");
    }

    public static string Render(Assembly assembly)
    {
        var sb = new StringBuilder();
        foreach (Type type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            sb.Append(TypeHeader(type)).Append('\n');
            foreach (string member in Members(type).Order(StringComparer.Ordinal))
            {
                sb.Append("  ").Append(member).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "PosAuth.Sdk.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("PosAuth.Sdk.sln not found above " + AppContext.BaseDirectory);
    }

    private static string TypeHeader(Type t)
    {
        string kind = t.IsEnum ? "enum"
            : t.IsInterface ? "interface"
            : t.IsValueType ? (t.IsDefined(typeof(System.Runtime.CompilerServices.IsReadOnlyAttribute)) ? "readonly struct" : "struct")
            : typeof(Delegate).IsAssignableFrom(t) ? "delegate"
            : t.IsAbstract && t.IsSealed ? "static class"
            : t.IsAbstract ? "abstract class"
            : t.IsSealed ? "sealed class"
            : "class";
        var bases = new List<string>();
        if (t.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) && !t.IsEnum && !typeof(Delegate).IsAssignableFrom(t))
        {
            bases.Add(Name(b));
        }

        if (t.IsEnum)
        {
            bases.Add(Name(Enum.GetUnderlyingType(t)));
        }

        bases.AddRange(t.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).Order(StringComparer.Ordinal));
        return $"{kind} {Name(t)}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : "");
    }

    private static IEnumerable<string> Members(Type t)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (t.IsEnum)
        {
            foreach (FieldInfo f in t.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                yield return $"{f.Name} = {Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}";
            }

            yield break;
        }

        foreach (MemberInfo m in t.GetMembers(flags))
        {
            string? s = m switch
            {
                ConstructorInfo c when Visible(c) => $"{Access(c)}ctor({Params(c.GetParameters())})",
                MethodInfo mi when Visible(mi) && !mi.IsSpecialName => $"{Access(mi)}{(mi.IsStatic ? "static " : "")}{(mi.IsAbstract && !t.IsInterface ? "abstract " : mi.IsVirtual && !mi.IsFinal && !t.IsInterface ? "virtual " : "")}{Name(mi.ReturnType)} {mi.Name}{Generic(mi)}({Params(mi.GetParameters())})",
                PropertyInfo p when Accessors(p).Any(Visible) => $"{Access(Accessors(p).First(Visible))}{Name(p.PropertyType)} {p.Name}{Indexer(p)} {{ {string.Join(" ", Accessors(p).Where(Visible).Select(a => a == p.GetMethod ? "get;" : IsInit(a) ? "init;" : "set;"))} }}",
                FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly => $"{(f.IsFamily ? "protected " : "")}{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{Name(f.FieldType)} {f.Name}",
                EventInfo e when e.AddMethod is { } add && Visible(add) => $"event {Name(e.EventHandlerType!)} {e.Name}",
                Type nested when nested.IsNestedPublic || nested.IsNestedFamily => null,
                _ => null,
            };
            if (s is not null)
            {
                yield return s;
            }
        }
    }

    private static IEnumerable<MethodInfo> Accessors(PropertyInfo p) =>
        new[] { p.GetMethod, p.SetMethod }.Where(a => a is not null)!;

    private static bool IsInit(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");

    private static string Indexer(PropertyInfo p)
    {
        ParameterInfo[] ps = p.GetIndexParameters();
        return ps.Length == 0 ? "" : $"[{Params(ps)}]";
    }

    private static bool Visible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static string Access(MethodBase m) => m.IsPublic ? "" : "protected ";

    private static string Generic(MethodInfo m) =>
        m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "";

    private static string Params(ParameterInfo[] ps) =>
        string.Join(", ", ps.Select(p =>
            (p.IsOut ? "out " : p.ParameterType.IsByRef && p.IsIn ? "in " : p.ParameterType.IsByRef ? "ref " : "")
            + (p.IsDefined(typeof(ParamArrayAttribute)) ? "params " : "")
            + Name(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType)
            + " " + p.Name
            + (p.HasDefaultValue ? " = " + (p.DefaultValue?.ToString() ?? "null") : "")));

    private static string Name(Type t)
    {
        if (t.IsGenericParameter)
        {
            return t.Name;
        }

        if (t.IsArray)
        {
            return Name(t.GetElementType()!) + "[]";
        }

        if (Nullable.GetUnderlyingType(t) is { } u)
        {
            return Name(u) + "?";
        }

        string ns = t.Namespace is null ? "" : t.Namespace + ".";
        string baseName = t.IsNested ? Name(t.DeclaringType!) + "." + t.Name : ns + t.Name;
        if (!t.IsGenericType)
        {
            return baseName;
        }

        int tick = baseName.IndexOf('`', StringComparison.Ordinal);
        string stem = tick >= 0 ? baseName[..tick] : baseName;
        return stem + "<" + string.Join(", ", t.GetGenericArguments().Select(Name)) + ">";
    }
}
