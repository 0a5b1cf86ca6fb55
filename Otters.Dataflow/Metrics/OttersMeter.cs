using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Otters.Metrics;

/// <summary>
/// The <c>Otters</c> meter: row and batch counters tagged with pipeline and node, and a queue-depth
/// gauge over the running pipelines. Listen with OpenTelemetry or <c>dotnet-counters</c>.
/// </summary>
internal static class OttersMeter
{
    public const string Name = "Otters";

    private static readonly Meter s_meter = new(Name, "1.0");
    private static readonly Counter<long> s_rowsIn = s_meter.CreateCounter<long>("otters.node.rows_in", "{row}", "Rows a node received.");
    private static readonly Counter<long> s_rowsOut = s_meter.CreateCounter<long>("otters.node.rows_out", "{row}", "Rows a node passed on or wrote.");
    private static readonly Counter<long> s_rowsDropped = s_meter.CreateCounter<long>("otters.node.rows_dropped", "{row}", "Rows dropped on purpose.");
    private static readonly Counter<long> s_rowsDeadLettered = s_meter.CreateCounter<long>("otters.node.rows_dead_lettered", "{row}", "Bad records sent to the dead-letter sink.");
    private static readonly Counter<long> s_batches = s_meter.CreateCounter<long>("otters.node.batches", "{batch}", "Batches a node handled.");
    private static readonly List<WeakReference<Func<IEnumerable<(string Pipeline, string Node, int Depth)>>>> s_depthSources = [];

    static OttersMeter()
    {
        s_meter.CreateObservableGauge("otters.node.queue_depth", ObserveDepths, "{batch}", "Batches waiting in a node's queue.");
    }

    public static void Record(string pipeline, string node, long rowsIn, long rowsOut, long dropped, long deadLettered)
    {
        if (!(s_rowsIn.Enabled || s_rowsOut.Enabled || s_rowsDropped.Enabled || s_rowsDeadLettered.Enabled || s_batches.Enabled))
        {
            return;
        }

        var tags = new TagList { { "pipeline", pipeline }, { "node", node } };
        s_rowsIn.Add(rowsIn, tags);
        s_rowsOut.Add(rowsOut, tags);
        if (dropped != 0)
        {
            s_rowsDropped.Add(dropped, tags);
        }

        if (deadLettered != 0)
        {
            s_rowsDeadLettered.Add(deadLettered, tags);
        }

        s_batches.Add(1, tags);
    }

    public static IDisposable TrackDepths(Func<IEnumerable<(string Pipeline, string Node, int Depth)>> source)
    {
        var reference = new WeakReference<Func<IEnumerable<(string, string, int)>>>(source);
        lock (s_depthSources)
        {
            s_depthSources.Add(reference);
        }

        return new Untrack(reference);
    }

    private static IEnumerable<Measurement<int>> ObserveDepths()
    {
        List<Func<IEnumerable<(string Pipeline, string Node, int Depth)>>> live = [];
        lock (s_depthSources)
        {
            foreach (var reference in s_depthSources)
            {
                if (reference.TryGetTarget(out var source))
                {
                    live.Add(source);
                }
            }
        }

        foreach (var source in live)
        {
            foreach (var (pipeline, node, depth) in source())
            {
                yield return new Measurement<int>(depth, new KeyValuePair<string, object?>("pipeline", pipeline), new KeyValuePair<string, object?>("node", node));
            }
        }
    }

    private sealed class Untrack(WeakReference<Func<IEnumerable<(string, string, int)>>> reference) : IDisposable
    {
        public void Dispose()
        {
            lock (s_depthSources)
            {
                s_depthSources.Remove(reference);
            }
        }
    }
}
