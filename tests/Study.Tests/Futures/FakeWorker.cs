namespace Study.Tests.Futures;

/// <summary>
/// A worker program in Python that says hello and then answers each call as a test's snippet says: for the
/// misbehaviour a real worker never shows. The snippet sees <c>call_id</c>, <c>struct</c> and <c>send(kind, payload)</c>.
/// </summary>
internal static class FakeWorker
{
    public static string Write(string onCall)
    {
        string path = Path.Combine(Path.GetTempPath(), $"study-fake-worker-{Guid.NewGuid():N}.py");
        string body = string.Join('\n', onCall.Split('\n').Select(line => "        " + line));
        File.WriteAllText(path, $$"""
            #!/usr/bin/env python3
            import os, struct, sys
            def send(kind, payload):
                os.write(1, struct.pack('<iB', len(payload) + 1, kind) + payload)
            def read_exactly(n):
                data = b''
                while len(data) < n:
                    chunk = os.read(0, n - len(data))
                    if not chunk:
                        sys.exit(0)
                    data += chunk
                return data
            send(65, struct.pack('<Hi', 3, os.getpid()))
            while True:
                length, kind = struct.unpack('<iB', read_exactly(5))
                payload = read_exactly(length - 1)
                if kind == 2:
                    call_id = struct.unpack('<q', payload[:8])[0]
            {{body}}
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The fake worker is a script run by its shebang line.");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
