using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;

namespace Study.Futures.Protocol;

/// <summary>
/// Finding the function a definition names: by metadata token first, then by assembly, type and method name (loading
/// the caller's assembly by path in a JIT worker).
/// </summary>
internal sealed partial class WorkerHost
{
    /// <summary>
    /// The fast path: the metadata token, checked against the names. Parsing a type name costs milliseconds on a JIT
    /// worker's first call; resolving a token does not. Null if the token does not name that very method here.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "A method the worker lacks falls back to the names, and then to an error.")]
    private static Function? ResolveByToken(FunctionName name, int token, string[] parameters)
    {
        try
        {
            var assembly = LoadAssembly(name.Assembly, name.AssemblyPath);
            if (assembly.ManifestModule.ResolveMethod(token) is MethodInfo { IsStatic: true, IsGenericMethodDefinition: false } method
                && method.Name == name.Method
                && method.DeclaringType?.FullName == name.Type
                && ParametersMatch(method, parameters))
            {
                return Function.Of(method);
            }
        }
#pragma warning disable CA1031 // NativeAOT cannot resolve tokens, and a token may name nothing here: fall back to names.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return null;
    }

    private static bool ParametersMatch(MethodInfo method, string[] parameters)
    {
        var actual = method.GetParameters();
        if (actual.Length != parameters.Length)
        {
            return false;
        }

        for (int i = 0; i < actual.Length; i++)
        {
            if (actual[i].ParameterType.FullName != parameters[i])
            {
                return false;
            }
        }

        return true;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The worker roots every assembly it ships; a function it lacks is reported to the caller.")]
    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "As above: functions are looked up by name, as pickle does.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "As above.")]
    private static Function Resolve(FunctionName name, string[] parameters)
    {
        try
        {
            var assembly = LoadAssembly(name.Assembly, name.AssemblyPath);
            var type = assembly.GetType(name.Type, throwOnError: true)!;
            var method = type
                .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .SingleOrDefault(m => m.Name == name.Method && !m.IsGenericMethodDefinition && ParametersMatch(m, parameters))
                ?? throw new MissingMethodException($"{name} has no static method ({string.Join(", ", parameters)}).");
            return Function.Of(method);
        }
#pragma warning disable CA1031 // A function that cannot be found fails its calls, not the worker.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new Function(null, parameters.Length, new MissingMethodException($"The worker cannot find {name}: {e.Message}", e));
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Loading by path is the JIT worker's way to reach a caller's assembly; the NativeAOT worker refuses it with a clear error.")]
    private static Assembly LoadAssembly(string name, string path)
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name);
        if (loaded is not null)
        {
            return loaded;
        }

        try
        {
            return Assembly.Load(new AssemblyName(name));
        }
        catch (FileNotFoundException) when (path.Length > 0 && File.Exists(path))
        {
            // A NativeAOT worker throws PlatformNotSupportedException here: it has only what was compiled into it.
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        }
    }

    private readonly record struct FunctionName(string Assembly, string AssemblyPath, string Type, string Method)
    {
        public override string ToString() => $"{Type}.{Method} in {Assembly}";
    }

    private sealed record Function(MethodInfo? Method, int Arity, Exception? Error)
    {
        /// <summary>The method as a typed delegate if it has the kernel's signature, <c>long → Int128</c>; else null.</summary>
        public Func<long, Int128>? Kernel { get; init; }

        public static Function Of(MethodInfo method)
        {
            var parameters = method.GetParameters();
            return new Function(method, parameters.Length, null)
            {
                Kernel = parameters is [{ ParameterType: var type }] && type == typeof(long) && method.ReturnType == typeof(Int128)
                    ? method.CreateDelegate<Func<long, Int128>>()
                    : null,
            };
        }

        public object? Invoke(object?[] arguments) =>
            Method!.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
    }
}
