using System.Text;

namespace Infra.Providers.Docker;

/// <summary>
/// The socket stream under the Docker client, recording each HTTP request line it writes. The HTTP
/// client writes a request's head in one write before any body, so a write that starts with
/// "METHOD /" is a request; request bodies here are JSON or tar, which never start that way.
/// </summary>
internal sealed class RequestCountingStream(Stream inner, DockerApiCalls calls) : Stream
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "HEAD"];

    private void Inspect(ReadOnlySpan<byte> buffer)
    {
        var head = Encoding.ASCII.GetString(buffer[..Math.Min(buffer.Length, 512)]);
        var space = head.IndexOf(' ');
        if (space <= 0 || Array.IndexOf(Methods, head[..space]) < 0 || head.Length <= space + 1 || head[space + 1] != '/') return;
        var end = head.IndexOf(' ', space + 1);
        if (end > space) calls.Record(head[..space], head[(space + 1)..end]);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Inspect(buffer);
        inner.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Inspect(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => inner.Read(buffer);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
