using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.NativeHttp;

namespace Infra.Providers.Docker;

/// <summary>Builds Docker.DotNet clients for an endpoint (unix socket, tcp, TLS) and an API version.</summary>
public static class DockerClients
{
    /// <param name="calls">Where to count the requests (unix sockets only), if anywhere.</param>
    public static DockerClient Create(Uri endpoint, IAuthProvider? tls, Version? api, DockerApiCalls? calls = null)
    {
        var builder = endpoint.Scheme == "unix"
            ? new DockerClientBuilder().WithEndpoint(new Uri("http://docker.sock")).WithTransportOptions(PooledUnixSocket(endpoint.AbsolutePath, calls))
            : new DockerClientBuilder().WithEndpoint(endpoint);
        builder = builder.WithTimeout(TimeSpan.FromMinutes(30));
        if (tls is not null) builder = builder.WithAuthProvider(tls);
        if (api is not null) builder = builder.WithApiVersion(api);
        return builder.Build();
    }

    /// <summary>
    /// HTTP over a unix socket with pooled keep-alive connections. The library's own unix transport opens
    /// a socket per request, which over an SSH forward costs a channel open each time (about 3x slower).
    /// </summary>
    private static NativeHttpTransportOptions PooledUnixSocket(string path, DockerApiCalls? calls) => new()
    {
        ConfigureHandler = handler => handler.ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
                var stream = new NetworkStream(socket, ownsSocket: true);
                return calls is null ? stream : new RequestCountingStream(stream, calls);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
