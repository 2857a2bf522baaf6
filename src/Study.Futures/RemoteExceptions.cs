using System.Diagnostics.CodeAnalysis;
using Study.Futures.Protocol;

namespace Study.Futures;

/// <summary>
/// Rebuilds a worker's exception in the parent: of its original type when that type exists here and has a
/// (message, inner) constructor, with a <see cref="RemoteException"/> holding the remote stack trace as its inner
/// exception, as CPython chains <c>_RemoteTraceback</c>; otherwise the <see cref="RemoteException"/> itself.
/// </summary>
internal static class RemoteExceptions
{
    public static Exception Read(ref WireReader reader)
    {
        string type = reader.ReadString();
        string message = reader.ReadString();
        string text = reader.ReadString();
        return Rebuild(type, message, text);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "Rebuilding the original type is best effort; RemoteException is the fallback.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "As above.")]
    public static Exception Rebuild(string type, string message, string text)
    {
        string name = type.Split(',')[0];
        var remote = new RemoteException(name, message, text);
        try
        {
            var exceptionType = Type.GetType(type, throwOnError: false);
            if (exceptionType is not null && typeof(Exception).IsAssignableFrom(exceptionType)
                && exceptionType.GetConstructor([typeof(string), typeof(Exception)]) is { } constructor)
            {
                return (Exception)constructor.Invoke([message, remote]);
            }
        }
#pragma warning disable CA1031 // Any failure to rebuild falls back to the remote exception itself.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return remote;
    }
}
