using Xunit.Abstractions;
using static Otters.Tests.IO.Postgres.PostgresTestData;

namespace Otters.Tests.IO.Postgres;

/// <summary>The server stops (<c>pg_ctl -m fast</c>) while batches are being written and comes back a second later.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSinkRestartTests(PostgresFixture fixture, ITestOutputHelper output)
{
    private const int RowsPerBatch = 2000;

    [Fact]
    public async Task WriteAsync_ServerRestartsMidRunInUpsertMode_EveryRowIsThereExactlyOnce()
    {
        var table = fixture.NewTable("restart_upsert");
        var sink = new PostgresSink(fixture.Cluster.Uri(table) + "?key=id");

        var batches = await WriteThroughRestartAsync(sink);

        (await fixture.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\"")).ShouldBe(batches * (long)RowsPerBatch);
        (await fixture.ScalarAsync<long>($"SELECT count(DISTINCT id) FROM \"{table}\"")).ShouldBe(batches * (long)RowsPerBatch);
        (await fixture.ScalarAsync<long>($"SELECT max(id) FROM \"{table}\"")).ShouldBe((batches * (long)RowsPerBatch) - 1);
    }

    [Fact]
    public async Task WriteAsync_ServerRestartsMidRunInAppendMode_EveryRowIsThereAtLeastOnce()
    {
        var table = fixture.NewTable("restart_append");
        var sink = new PostgresSink(fixture.DataSource, table);

        var batches = await WriteThroughRestartAsync(sink);

        (await fixture.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\"")).ShouldBeGreaterThanOrEqualTo(batches * (long)RowsPerBatch);
        (await fixture.ScalarAsync<long>($"SELECT count(DISTINCT id) FROM \"{table}\"")).ShouldBe(batches * (long)RowsPerBatch);
        (await fixture.ScalarAsync<long>($"SELECT max(id) FROM \"{table}\"")).ShouldBe((batches * (long)RowsPerBatch) - 1);
    }

    /// <summary>Writes batches until the server has restarted and ten more batches went in; returns how many were written.</summary>
    private async Task<int> WriteThroughRestartAsync(PostgresSink sink)
    {
        sink.Validate(KeyedSchema);
        await sink.OpenAsync(KeyedSchema);
        var restart = Task.CompletedTask;
        var restarted = false;
        var batchesAfterRestart = 0;
        var batch = 0;
        try
        {
            while (batchesAfterRestart < 10)
            {
                await sink.WriteAsync(Keyed(batch * (long)RowsPerBatch, RowsPerBatch)).AsTask().WaitAsync(TimeSpan.FromSeconds(90));
                batch++;
                if (batch == 10)
                {
                    restart = RestartAsync();
                }

                restarted |= restart.IsCompleted && batch > 10;
                if (restarted)
                {
                    batchesAfterRestart++;
                }

                await Task.Delay(10);
            }
        }
        finally
        {
            await restart;
            await sink.CloseAsync();
        }

        output.WriteLine($"{batch} batches of {RowsPerBatch} rows, {sink.Retries} retries.");
        sink.Retries.ShouldBeGreaterThan(0, "the restart must have hit batches being written");
        sink.RowsWritten.ShouldBe(batch * (long)RowsPerBatch);

        // The fixture's pooled connections died with the server.
        fixture.DataSource.Clear();
        return batch;
    }

    private async Task RestartAsync()
    {
        await fixture.Cluster.StopServerAsync("fast");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await fixture.Cluster.StartServerAsync();
    }
}
