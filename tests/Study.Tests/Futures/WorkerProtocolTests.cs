using Study.Futures;
using Study.Futures.Protocol;
using Study.Kernel;

namespace Study.Tests.Futures;

/// <summary>The frames and values of <see cref="WorkerProtocol"/>, and the worker loop over in-memory pipes.</summary>
public sealed class WorkerProtocolTests
{
    public static TheoryData<object?> Values =>
    [
        null, true, false, 0, -1, int.MaxValue, long.MinValue, SumKernel.ClosedForm(10_000_000_000), Int128.MinValue, 3.25,
        double.NaN, string.Empty, "héllo", new byte[] { 1, 2, 3 }, Array.Empty<byte>(), new long[] { long.MinValue, 0, 7 },
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void EveryValueRoundTrips(object? value)
    {
        var writer = new WireWriter();
        writer.WriteObject(value);
        var bytes = Written(writer);
        var reader = new WireReader(bytes);
        Assert.Equal(value, reader.ReadObject());
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void EveryWireTypeHasAValueHereAndEveryValueHereIsAWireType()
    {
        var types = ((IEnumerable<object?[]>)Values).Select(row => row[0]).OfType<object>().Select(v => v.GetType()).ToHashSet();
        Assert.Equal(WireTypes.All.Select(row => row.Type).ToHashSet(), types);
        Assert.Equal("bool, int, long, Int128, double, string, byte[] and long[]", WireTypes.Names);
    }

    [Fact]
    public void TypedValuesRoundTripWithoutBoxing()
    {
        var writer = new WireWriter();
        writer.WriteValue(SumKernel.ClosedForm(1_000_000_000));
        writer.WriteValue(42L);
        var reader = new WireReader(Written(writer));
        Assert.Equal(SumKernel.ClosedForm(1_000_000_000), reader.ReadValue<Int128>());
        Assert.Equal(42L, reader.ReadValue<long>());
    }

    [Fact]
    public void AnUnsupportedValueIsRefused() =>
        Assert.Throws<ArgumentException>(() => new WireWriter().WriteObject(DateTime.UnixEpoch));

    [Theory]
    [InlineData(new byte[] { 200 })]
    [InlineData(new byte[] { (byte)ValueTag.Int64, 1, 2 })]
    [InlineData(new byte[] { (byte)ValueTag.String, 255, 255, 255, 127 })]
    [InlineData(new byte[] { (byte)ValueTag.String, 2, 0, 0, 0, 0xC3, 0x28 })]
    [InlineData(new byte[] { (byte)ValueTag.Int64Array, 0, 0, 0, 16, 1 })]
    public void AMalformedValueIsInvalidData(byte[] bytes) =>
        Assert.Throws<InvalidDataException>(() => new WireReader(bytes).ReadObject());

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0 })]
    [InlineData(new byte[] { 255, 255, 255, 255 })]
    [InlineData(new byte[] { 0, 0, 0, 8, 1 })]
    [InlineData(new byte[] { 9, 0, 0, 0, 2, 1 })]
    public void AMalformedFrameIsInvalidData(byte[] bytes)
    {
        var reader = new FrameReader(new MemoryStream(bytes));
        Assert.Throws<InvalidDataException>(() => reader.TryRead(out _, out _));
    }

    [Fact]
    public void FramesSplitAcrossReadsAreReassembled()
    {
        var writer = new WireWriter();
        for (int i = 0; i < 1000; i++)
        {
            writer.BeginFrame(FrameKind.Result);
            writer.WriteString(new string('x', i));
            writer.EndFrame();
        }

        var reader = new FrameReader(new TrickleStream(Written(writer)));
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(reader.TryRead(out var kind, out var payload));
            Assert.Equal(FrameKind.Result, kind);
            Assert.Equal(new string('x', i), new WireReader(payload).ReadString());
        }

        Assert.False(reader.TryRead(out _, out _));
    }

    [Fact]
    public void TheWorkerLoopAnswersCallsAndExitsCleanlyAtEndOfInput()
    {
        var input = new WireWriter();
        new FunctionDefinition(1, typeof(SumKernel).GetMethod(nameof(SumKernel.Sum))!).WriteDefinition(input);
        input.BeginFrame(FrameKind.Call);
        input.WriteInt64(10);
        input.WriteInt32(0);
        input.WriteInt32(1);
        input.WriteInt32(2);
        input.WriteValue(100L);
        input.WriteValue(1000L);
        input.EndFrame();

        var output = new MemoryStream();
        int exit = new WorkerHost(new MemoryStream(Written(input)), output).Run();

        Assert.Equal(0, exit);
        var frames = new FrameReader(new MemoryStream(output.ToArray()));
        Assert.True(frames.TryRead(out var hello, out _));
        Assert.Equal(FrameKind.Hello, hello);
        Assert.True(frames.TryRead(out var kind, out var payload));
        Assert.Equal(FrameKind.Result, kind);
        var result = new WireReader(payload);
        Assert.Equal(10, result.ReadInt64());
        Assert.True(result.ReadInt64() >= 0);
        Assert.Equal(2, result.ReadInt32());
        Assert.Equal(SumKernel.ClosedForm(100), result.ReadValue<Int128>());
        Assert.Equal(SumKernel.ClosedForm(1000), result.ReadValue<Int128>());
    }

    [Fact]
    public void TheWorkerRunsTheCallsItClaimsAndSkipsTheWithdrawnOnes()
    {
        using var claims = ClaimTable.Create();
        try
        {
            var input = new WireWriter();
            new FunctionDefinition(1, typeof(SumKernel).GetMethod(nameof(SumKernel.Sum))!).WriteDefinition(input);
            for (int call = 1; call <= 3; call++)
            {
                claims.Offer(slot: call, callId: call);
                input.BeginFrame(FrameKind.Call);
                input.WriteInt64(call);
                input.WriteInt32(call);
                input.WriteInt32(1);
                input.WriteInt32(1);
                input.WriteValue(10L * call);
                input.EndFrame();
            }

            Assert.True(claims.TryWithdraw(slot: 2, callId: 2));
            claims.Offer(slot: 3, callId: 7); // the slot given to a later call: the frame of call 3 is stale

            var output = new MemoryStream();
            Assert.Equal(0, new WorkerHost(new MemoryStream(Written(input)), output, claims).Run());

            var frames = new FrameReader(new MemoryStream(output.ToArray()));
            Assert.True(frames.TryRead(out _, out _));
            Assert.True(frames.TryRead(out var kind, out var payload));
            Assert.Equal(FrameKind.Result, kind);
            Assert.Equal(1, new WireReader(payload).ReadInt64());
            Assert.False(frames.TryRead(out _, out _));
            Assert.True(claims.IsClaimed(slot: 1, callId: 1));
            Assert.False(claims.TryWithdraw(slot: 1, callId: 1));
            Assert.True(claims.TryWithdraw(slot: 3, callId: 7));
        }
        finally
        {
            claims.Unlink();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0x06000001)]
    [InlineData(0x7FFFFFFF)]
    public void AWrongTokenFallsBackToTheNames(int token)
    {
        var input = new WireWriter();
        input.BeginFrame(FrameKind.Define);
        input.WriteInt32(1);
        input.WriteString("Study.Kernel");
        input.WriteString(string.Empty);
        input.WriteString(typeof(SumKernel).FullName!);
        input.WriteString(nameof(SumKernel.Sum));
        input.WriteInt32(1);
        input.WriteString(typeof(long).FullName!);
        input.WriteInt32(token);
        input.EndFrame();
        input.BeginFrame(FrameKind.Call);
        input.WriteInt64(1);
        input.WriteInt32(0);
        input.WriteInt32(1);
        input.WriteInt32(1);
        input.WriteValue(10L);
        input.EndFrame();

        var output = new MemoryStream();
        Assert.Equal(0, new WorkerHost(new MemoryStream(Written(input)), output).Run());
        var frames = new FrameReader(new MemoryStream(output.ToArray()));
        Assert.True(frames.TryRead(out _, out _));
        Assert.True(frames.TryRead(out var kind, out var payload));
        Assert.Equal(FrameKind.Result, kind);
        var result = new WireReader(payload);
        result.ReadInt64();
        result.ReadInt64();
        Assert.Equal(1, result.ReadInt32());
        Assert.Equal(SumKernel.ClosedForm(10), result.ReadValue<Int128>());
    }

    [Theory]
    [InlineData(new byte[] { 5, 0, 0, 0, 99, 1, 2, 3, 4 })]
    [InlineData(new byte[] { 13, 0, 0, 0, (byte)FrameKind.Call, 1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0 })]
    [InlineData(new byte[] { 3, 0, 0, 0, (byte)FrameKind.Define, 1 })]
    [InlineData(new byte[] { 200, 0, 0, 0, (byte)FrameKind.Call })]
    public void TheWorkerLoopExitsWithTheProtocolErrorCodeOnGarbage(byte[] garbage)
    {
        var output = new MemoryStream();
        Assert.Equal(WorkerProtocol.ProtocolErrorExitCode, new WorkerHost(new MemoryStream(garbage), output).Run());
    }

    private static byte[] Written(WireWriter writer)
    {
        var stream = new MemoryStream();
        writer.WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>Returns at most 7 bytes a read, to split frames at every possible point.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 7));
    }
}
