namespace Infra.Engine.Providers;

/// <summary>
/// A provider that can fetch many of a refresh's reads with fewer calls to its host (one listing instead of one
/// inspect each), which on a distant host saves round trips. Told every read a refresh is about to make, it may
/// answer each of them once from what it fetched; it reads any other as usual.
/// </summary>
public interface IReadsAhead
{
    /// <summary>Called once before <paramref name="reads"/> are made; returns at once (the fetching goes on meanwhile).</summary>
    void ReadAhead(IReadOnlyList<ReadRequest> reads, CancellationToken cancellationToken);
}
