using System.Text.Json;
using Otters.IO.Arrow;

namespace Otters.Tests.IO.Arrow;

public class ArrowSourceTests
{
    [Theory]
    [InlineData("ticks.arrow")]
    [InlineData("ticks.arrows")]
    [InlineData("ticks_float32_naive_ms.arrows")]
    [InlineData("empty.arrows")]
    public async Task ReadAsync_ApacheArrowFixture_MatchesCellForCell(string name)
    {
        var path = ArrowFixtures.Path(name);
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(path + ".expected.json"));
        var source = ArrowTestData.Source(path);

        var batches = await ArrowTestData.ReadAllAsync(source);

        // apache-arrow reports one empty batch for a stream that holds none; Otters yields none.
        batches.Count.ShouldBe(name == "empty.arrows" ? 0 : expected.RootElement.GetProperty("batches").GetInt32());
        var cells = ArrowTestData.Cells(batches);
        cells.ShouldBe(ArrowTestData.Cells(expected.RootElement, source.Schema!));
        cells.Count.ShouldBe(name == "empty.arrows" ? 0 : 10);
    }

    [Theory]
    [InlineData("ticks.arrow")]
    [InlineData("ticks.arrows")]
    public void Schema_ApacheArrowFixture_IsTheFileSchema(string name)
    {
        var source = ArrowTestData.Source(ArrowFixtures.Path(name));

        source.Schema.ShouldBe(ArrowTestData.TickSchema);
    }

    [Fact]
    public void Schema_Float32AndNaiveTimestamp_MapToFloat64AndTimestamp()
    {
        var source = new ArrowStreamSource(ArrowFixtures.Path("ticks_float32_naive_ms.arrows"));

        source.Schema["price"].Type.ShouldBe(ColumnType.Float64);
        source.Schema["ts"].Type.ShouldBe(ColumnType.Timestamp(TimeUnit.Millisecond));
    }

    [Theory]
    [InlineData("ticks.arrow")]
    [InlineData("ticks.arrows")]
    public async Task ReadAsync_DeclaredSchemaDiffers_ThrowsSchemaExceptionNamingBoth(string name)
    {
        var declared = new Schema { { "symbol", ColumnType.String }, { "price", ColumnType.Int64 } };
        var source = ArrowTestData.Source(ArrowFixtures.Path(name));

        var ex = await Should.ThrowAsync<SchemaException>(() => ArrowTestData.ReadAllAsync(source, declared));

        ex.Message.ShouldContain("symbol: string, price: int64");
        ex.Message.ShouldContain("volume: int64, ts: timestamp[us]");
        ex.Message.ShouldContain(name);
    }

    [Fact]
    public void Schema_DeclaredInConstructorDiffers_ThrowsSchemaException()
    {
        var source = new ArrowFileSource(ArrowFixtures.Path("ticks.arrow"), new Schema { { "x", ColumnType.Int32 } });

        Should.Throw<SchemaException>(() => source.Schema).Message.ShouldContain("x: int32");
    }

    [Fact]
    public async Task ReadAsync_NotArrow_ThrowsDataFormatExceptionNamingFile()
    {
        var path = ArrowFixtures.Path("ticks.csv");

        var file = await Should.ThrowAsync<DataFormatException>(() => ArrowTestData.ReadAllAsync(new ArrowFileSource(path), ArrowTestData.TickSchema));
        var stream = await Should.ThrowAsync<DataFormatException>(() => ArrowTestData.ReadAllAsync(new ArrowStreamSource(path), ArrowTestData.TickSchema));

        file.Path.ShouldBe(path);
        file.Message.ShouldContain("ticks.csv");
        file.Message.ShouldContain("ARROW1");
        stream.Path.ShouldBe(path);
    }

    [Fact]
    public async Task ReadAsync_NarrowAndLargeTypes_WidenCellForCell()
    {
        var path = ArrowFixtures.Path("widening.arrows");
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(path + ".expected.json"));
        var source = new ArrowStreamSource(path);

        var batches = await ArrowTestData.ReadAllAsync(source);

        source.Schema.ToString().ShouldBe("large: string, i8: int32, i16: int32, u8: int32, u16: int32, u32: int64");
        ArrowTestData.Cells(batches).ShouldBe(ArrowTestData.Cells(expected.RootElement, source.Schema));
    }

    [Fact]
    public void Schema_UnsupportedType_ThrowsDataFormatExceptionNamingColumnAndType()
    {
        var path = ArrowFixtures.Path("unsupported_date.arrow");

        var ex = Should.Throw<DataFormatException>(() => new ArrowFileSource(path).Schema);

        ex.Path.ShouldBe(path);
        ex.Message.ShouldContain("'day'");
        ex.Message.ShouldContain("Date");
    }
}
