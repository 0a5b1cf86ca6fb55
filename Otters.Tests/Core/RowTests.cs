using Otters.Rows;

namespace Otters.Tests.Core;

public sealed class RowTests
{
    private static RecordBatch Batch()
    {
        var schema = new Schema { { "price", ColumnType.Float64 }, { "ts", ColumnType.Timestamp(TimeUnit.Microsecond) }, { "name", ColumnType.String } };
        var builder = new RecordBatchBuilder(schema, 2);
        builder.Append(new Dictionary<string, object?> { ["price"] = 1.5, ["ts"] = 1_000_000L, ["name"] = "a" });
        builder.Append(new Dictionary<string, object?> { ["price"] = null, ["ts"] = null, ["name"] = null });
        return builder.Build();
    }

    [Fact]
    public void Get_ReadsTypedAndConvertsTimestamps()
    {
        var row = new Row(new RowSet(Batch()), 0);
        row.Get<double>("price").ShouldBe(1.5);
        row["price"].ShouldBe(1.5);
        row.Get<long>("ts").ShouldBe(1_000_000L);
        row.Get<DateTime>("ts").ShouldBe(new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Utc));
        row.Get<DateTimeOffset>("ts").ShouldBe(DateTimeOffset.UnixEpoch.AddSeconds(1));
        row.Get<string>("name").ShouldBe("a");
        row.Get<int>("price".Length > 0 ? "ts" : "ts").ShouldBe(1_000_000);
    }

    [Fact]
    public void Get_NullIntoNonNullable_ThrowsNamingTheField()
    {
        var row = new Row(new RowSet(Batch()), 1);
        row.Get<double?>("price").ShouldBeNull();
        Should.Throw<InvalidOperationException>(() => row.Get<double>("price")).Message.ShouldContain("'price'");
        Should.Throw<KeyNotFoundException>(() => row["nope"]).Message.ShouldContain("price, ts, name");
    }

    [Fact]
    public void Set_AddsAndReplacesFields()
    {
        var set = new RowSet(Batch());
        var row = new Row(set, 0);
        row["price"] = 2.0;
        row["signal"] = true;
        row.Get<double>("price").ShouldBe(2.0);
        row["signal"].ShouldBe(true);
        row.Names.ShouldBe(["price", "ts", "name", "signal"]);
        new Row(set, 1).Contains("signal").ShouldBeFalse();
    }

    [Fact]
    public void StandaloneRow_HoldsItsFields()
    {
        var row = new Row(new Dictionary<string, object?> { ["a"] = 1, ["b"] = "x" });
        row.Count.ShouldBe(2);
        row.Get<long>("a").ShouldBe(1L);
        row.ToString().ShouldBe("{a=1 (Int32), b='x' (String)}");
    }
}
