using System.Diagnostics.CodeAnalysis;
using Study.Futures.Protocol;

namespace Study.Futures;

/// <summary>
/// Rebuilds a worker's exception in the parent: of its original type when that type exists here, with a
/// <see cref="RemoteException"/> holding the remote stack trace as its inner exception, as CPython chains
/// <c>_RemoteTraceback</c> (a type with only a (message) constructor carries it in <see cref="Exception.Data"/> under
/// <see cref="RemoteKey"/> instead); otherwise the <see cref="RemoteException"/> itself.
/// </summary>
internal static class RemoteExceptions
{
    /// <summary>The <see cref="Exception.Data"/> key of the remote exception when it cannot be the inner one.</summary>
    public const string RemoteKey = "RemoteException";

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
            if (exceptionType is not null && typeof(Exception).IsAssignableFrom(exceptionType))
            {
                if (exceptionType.GetConstructor([typeof(string), typeof(Exception)]) is { } withInner)
                {
                    return (Exception)withInner.Invoke([message, remote]);
                }

                if (exceptionType.GetConstructor([typeof(string)]) is { } withMessage)
                {
                    var exception = (Exception)withMessage.Invoke([message]);
                    exception.Data[RemoteKey] = remote;
                    return exception;
                }
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
