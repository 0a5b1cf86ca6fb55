using System.Diagnostics.Metrics;
using Otters.Tests.Support;

namespace Otters.Tests.Dataflow;

public sealed class MetricsTests
{
    [Fact]
    public async Task Meter_RowCounters_ArePublishedPerNode()
    {
        var rowsOut = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Otters" && instrument.Name == "otters.node.rows_out")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "node" && tag.Value is string node && IsOurs(tags))
                {
                    lock (rowsOut)
                    {
                        rowsOut[node] = rowsOut.GetValueOrDefault(node) + value;
                    }
                }
            }
        });
        listener.Start();

        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { Name = "metrics-test", BatchSize = 10 });
        p.Source(TestData.TickRows(95), "ticks");
        p.Stage(r => r, name: "pass");
        p.Sink(new MemorySink());
        await p.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        rowsOut["ticks"].ShouldBe(95);
        rowsOut["pass"].ShouldBe(95);
        rowsOut["memory"].ShouldBe(95);
        p.Metrics["ticks"].Batches.ShouldBe(10);

        static bool IsOurs(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "pipeline")
                {
                    return (string?)tag.Value == "metrics-test";
                }
            }

            return false;
        }
    }
}
