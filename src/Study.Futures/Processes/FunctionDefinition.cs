using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Study.Futures.Protocol;

namespace Study.Futures;

/// <summary>A static method a process pool has given an id, and how to name it to a worker.</summary>
internal sealed record FunctionDefinition(int Id, MethodInfo Method)
{
    [UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty path only means the worker must find the assembly by name.")]
    public void WriteDefinition(WireWriter writer)
    {
        var type = Method.DeclaringType!;
        writer.BeginFrame(FrameKind.Define);
        writer.WriteInt32(Id);
        writer.WriteString(type.Assembly.GetName().Name ?? string.Empty);
        writer.WriteString(type.Assembly.Location);
        writer.WriteString(type.FullName ?? type.Name);
        writer.WriteString(Method.Name);
        var parameters = Method.GetParameters();
        writer.WriteInt32(parameters.Length);
        foreach (var parameter in parameters)
        {
            writer.WriteString(parameter.ParameterType.FullName ?? parameter.ParameterType.Name);
        }

        writer.WriteInt32(Method.MetadataToken);

        writer.EndFrame();
    }
}
