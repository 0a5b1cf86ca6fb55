namespace Otters.Tests.Core;

public sealed class SchemaTests
{
    [Fact]
    public void Add_DuplicateName_Throws()
    {
        var schema = new Schema { { "a", ColumnType.Int64 } };
        Should.Throw<ArgumentException>(() => schema.Add("a", ColumnType.String)).Message.ShouldContain("'a'");
    }

    [Fact]
    public void Add_AfterUseInABatch_ThrowsBecauseTheSchemaIsFrozen()
    {
        var schema = new Schema { { "a", ColumnType.Int64 } };
        _ = RecordBatch.Empty(schema);
        _ = new RecordBatchBuilder(schema, 1);
        Should.Throw<InvalidOperationException>(() => schema.Add("b", ColumnType.String));
    }

    [Fact]
    public void Equals_SameFieldsAndTypes_IsTrueAndTimestampUnitsMatter()
    {
        var a = new Schema { { "t", ColumnType.Timestamp(TimeUnit.Microsecond) } };
        var b = new Schema { { "t", ColumnType.Timestamp(TimeUnit.Microsecond) } };
        var c = new Schema { { "t", ColumnType.Timestamp(TimeUnit.Nanosecond) } };
        a.ShouldBe(b);
        a.GetHashCode().ShouldBe(b.GetHashCode());
        a.ShouldNotBe(c);
        c.ToString().ShouldBe("t: timestamp[ns]");
    }

    [Fact]
    public void IndexOf_And_Indexer_FindColumnsByName()
    {
        var schema = new Schema { { "a", ColumnType.Int64 }, { "b", ColumnType.Float64 } };
        schema.IndexOf("b").ShouldBe(1);
        schema.IndexOf("z").ShouldBe(-1);
        schema["b"].Type.ShouldBe(ColumnType.Float64);
        Should.Throw<KeyNotFoundException>(() => schema["z"]).Message.ShouldContain("'z'");
        schema.Append(new Field("c", ColumnType.Boolean)).Count.ShouldBe(3);
        schema.Count.ShouldBe(2);
    }
}
