namespace Infra.EndToEnd.Tests.Support;

/// <summary>
/// The isolation matrix <c>infra verify</c> prints: a header of networks, then one row per service address
/// ("e2eX-postgres:5432") with a cell per network: ✓ reachable, · isolated, ✗ differs from the design.
/// </summary>
public sealed class IsolationMatrix
{
    private readonly Dictionary<string, string[]> _rows = new(StringComparer.Ordinal);

    private IsolationMatrix(IReadOnlyList<string> networks) => Networks = networks;

    public IReadOnlyList<string> Networks { get; }
    public IReadOnlyCollection<string> Rows => _rows.Keys;

    public static IsolationMatrix Parse(string verifyOutput)
    {
        var lines = verifyOutput.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l.StartsWith("Isolation matrix", StringComparison.Ordinal));
        if (start < 0 || start + 1 >= lines.Count) throw new FormatException($"no isolation matrix in:\n{verifyOutput}");
        var matrix = new IsolationMatrix(Split(lines[start + 1]));
        foreach (var line in lines.Skip(start + 2))
        {
            var cells = Split(line);
            if (cells.Length != matrix.Networks.Count + 1 || !cells[0].Contains(':')) break;
            matrix._rows[cells[0]] = cells[1..];
        }
        if (matrix._rows.Count == 0) throw new FormatException($"isolation matrix without rows in:\n{verifyOutput}");
        return matrix;
    }

    /// <summary>The cell for a service address ("e2eX-postgres:5432") seen from a network ("e2eX-ingress_net").</summary>
    public string Cell(string row, string network)
    {
        if (!_rows.TryGetValue(row, out var cells)) throw new KeyNotFoundException($"no row {row} (rows: {string.Join(", ", _rows.Keys)})");
        var i = Networks.ToList().IndexOf(network);
        if (i < 0) throw new KeyNotFoundException($"no column {network} (columns: {string.Join(", ", Networks)})");
        return cells[i];
    }

    /// <summary>The networks from which <paramref name="row"/> is reachable as designed (✓).</summary>
    public IReadOnlyList<string> ReachableFrom(string row) => Networks.Where(n => Cell(row, n) == "✓").ToList();

    public bool AllAsDesigned => _rows.Values.All(cells => cells.All(c => c is "✓" or "·"));

    private static string[] Split(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
