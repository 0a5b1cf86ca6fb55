using Otters.Kernels;

namespace Otters.Tests.Builtins;

public sealed class KeyGroupingTests
{
    [Fact]
    public void Build_StringsWithNulls_GroupsRowsInInputOrder()
    {
        var builder = new StringColumnBuilder(8);
        foreach (var key in new[] { "b", "a", null, "b", "c", "a", "b", null })
        {
            builder.Append(key);
        }

        var grouping = KeyGrouping.Build(builder.Build());
        grouping.KeyCount.ShouldBe(3);
        grouping.StringKeys.ShouldBe(["b", "a", "c"]);
        grouping.Codes.ToArray().ShouldBe([0, 1, -1, 0, 2, 1, 0, -1]);
        grouping.Offsets.ShouldBe([0, 3, 5, 6]);
        grouping.Rows.ShouldBe([0, 3, 6, 1, 5, 4]);
        grouping.Positions.ToArray().ShouldBe([0, 3, 6, 1, 5, 4, 2, 6]);
        grouping.InOrder.ShouldBeFalse();
    }

    [Fact]
    public void ToGroupedAndBack_NullKeys_RoundTripThroughSpareSlot()
    {
        var builder = new StringColumnBuilder(6);
        foreach (var key in new[] { "b", null, "a", "b", "a", null })
        {
            builder.Append(key);
        }

        var grouping = KeyGrouping.Build(builder.Build());
        double[] values = [1, 2, 3, 4, 5, 6];
        var grouped = new double[grouping.GroupedLength + 1];
        grouping.ToGrouped<double>(values, grouped);
        grouped[..4].ShouldBe([1.0, 4.0, 3.0, 5.0]);
        grouped[4] = -1;
        var back = new double[6];
        grouping.ToInputOrder<double>(grouped, back);
        back.ShouldBe([1.0, -1.0, 3.0, 4.0, 5.0, -1.0]);
        Should.Throw<ArgumentException>(() => grouping.ToInputOrder<double>(grouped.AsSpan(0, 4), back));
    }

    [Fact]
    public void Build_KeysInRuns_IsInOrder()
    {
        var column = PrimitiveColumn<long>.Create(ColumnType.Int64, [5, 5, 9, 9, 9, 2]);
        var grouping = KeyGrouping.Build(column);
        grouping.InOrder.ShouldBeTrue();
        grouping.Positions.ToArray().ShouldBe([0, 1, 2, 3, 4, 5]);
    }

    public static TheoryData<int, int, bool> FewKeyCases => new()
    {
        { 0, 1, false }, { 1, 1, false }, { 7, 3, false }, { 9, 8, false }, { 1_000, 8, false }, { 65_539, 5, false },
        { 1_000, 9, false }, { 1_000, 8, true }, { 20, 2, true },
    };

    [Theory]
    [MemberData(nameof(FewKeyCases))]
    public void Build_RandomKeys_PlacesEachRowAfterItsKeysEarlierRows(int rows, int keys, bool runs)
    {
        // Up to eight keys without nulls are ranked in vector registers, more keys (or nulls) through counters
        // in memory: both must give every row its key's start plus the number of its key's earlier rows.
        var random = new Random(rows + keys);
        var picks = Enumerable.Range(0, rows).Select(i => runs ? i * keys / Math.Max(rows, 1) : random.Next(keys)).ToArray();
        var strings = new StringColumnBuilder(rows);
        foreach (var pick in picks)
        {
            strings.Append($"K{pick}");
        }

        foreach (var column in new Column[] { strings.Build(), PrimitiveColumn<long>.Create(ColumnType.Int64, [.. picks.Select(p => 100L * p)]) })
        {
            var grouping = KeyGrouping.Build(column);
            var codes = grouping.Codes.ToArray();
            var seen = new int[grouping.KeyCount];
            var expected = new int[rows];
            for (var i = 0; i < rows; i++)
            {
                expected[i] = grouping.Offsets[codes[i]] + seen[codes[i]]++;
            }

            grouping.Offsets.ShouldBe([0, .. seen.Select((_, k) => seen.Take(k + 1).Sum())], column.Type.ToString());
            grouping.Positions.ToArray().ShouldBe(expected, column.Type.ToString());
            grouping.InOrder.ShouldBe(expected.SequenceEqual(Enumerable.Range(0, rows)), column.Type.ToString());
        }
    }

    [Fact]
    public void Build_ThousandsOfKeysWithLongNames_EncodesEachOnce()
    {
        var builder = new StringColumnBuilder(30_000);
        for (var i = 0; i < 30_000; i++)
        {
            builder.Append($"a-rather-long-instrument-name-{i % 5_000}");
        }

        var grouping = KeyGrouping.Build(builder.Build());
        grouping.KeyCount.ShouldBe(5_000);
        grouping.StringKeys!.Distinct().Count().ShouldBe(5_000);
        for (var i = 0; i < 30_000; i++)
        {
            grouping.StringKeys![grouping.Codes[i]].ShouldBe($"a-rather-long-instrument-name-{i % 5_000}");
        }
    }

    [Fact]
    public void Build_ThousandsOfIntegerKeysWithNulls_EncodesEachOnceInFirstAppearanceOrder()
    {
        var values = Enumerable.Range(0, 30_000).Select(i => (long)((i * 7919) % 5_000) - 2_500).ToArray();
        var isNull = Enumerable.Range(0, 30_000).Select(i => i % 97 == 0).ToArray();
        var column = PrimitiveColumn<long>.Create(ColumnType.Int64, values, isNull);

        var grouping = KeyGrouping.Build(column);

        var expectedIds = new Dictionary<long, int>();
        for (var i = 0; i < values.Length; i++)
        {
            if (isNull[i])
            {
                grouping.Codes[i].ShouldBe(-1);
                continue;
            }

            if (!expectedIds.TryGetValue(values[i], out var id))
            {
                expectedIds[values[i]] = id = expectedIds.Count;
            }

            grouping.Codes[i].ShouldBe(id, $"row {i}");
        }

        grouping.KeyCount.ShouldBe(expectedIds.Count);
        grouping.IntegerKeys.ShouldBe(expectedIds.OrderBy(p => p.Value).Select(p => p.Key).ToArray());
    }

    [Fact]
    public void Build_ShortKeysBeyondEight_IdsInFirstAppearanceOrder()
    {
        // Short keys take the word path: the first eight match in vectors, the rest in the table; the
        // empty string reads as the word 0 and must not match an empty lane.
        var random = new Random(4);
        var names = Enumerable.Range(0, 20).Select(i => i == 3 ? string.Empty : $"K{i}").ToArray();
        var keys = Enumerable.Range(0, 5_000).Select(_ => names[random.Next(names.Length)]).ToArray();
        var builder = new StringColumnBuilder(keys.Length);
        foreach (var key in keys)
        {
            builder.Append(key);
        }

        var grouping = KeyGrouping.Build(builder.Build());
        var ids = new Dictionary<string, int>();
        for (var i = 0; i < keys.Length; i++)
        {
            if (!ids.TryGetValue(keys[i], out var id))
            {
                ids[keys[i]] = id = ids.Count;
            }

            grouping.Codes[i].ShouldBe(id, $"row {i} ({keys[i]})");
        }

        grouping.StringKeys.ShouldBe(ids.OrderBy(p => p.Value).Select(p => p.Key).ToArray());
    }

    [Fact]
    public void Build_LongKeyAfterShortOnes_FallsBackWithSameIds()
    {
        // The word path gives up at the first key over 7 bytes, in the middle of its vector scan; the general
        // encoder then starts over and must give the same first-appearance ids.
        string[] keys = ["AAPL", "MSFT", "AAPL", "GOOG", "MSFT", "BRK.B-CLASS", "AAPL", "BRK.B-CLASS", "GOOG"];
        var builder = new StringColumnBuilder(keys.Length);
        foreach (var key in keys)
        {
            builder.Append(key);
        }

        var grouping = KeyGrouping.Build(builder.Build());
        grouping.Codes.ToArray().ShouldBe([0, 1, 0, 2, 1, 3, 0, 3, 2]);
        grouping.StringKeys.ShouldBe(["AAPL", "MSFT", "GOOG", "BRK.B-CLASS"]);
    }

    [Fact]
    public void Build_Int32Keys_WidensAndGroups()
    {
        var column = PrimitiveColumn<int>.Create(ColumnType.Int32, [7, -1, 7, 1000, -1], [false, false, false, false, true]);
        var grouping = KeyGrouping.Build(column);
        grouping.IntegerKeys.ShouldBe([7L, -1L, 1000L]);
        grouping.Codes.ToArray().ShouldBe([0, 1, 0, 2, -1]);
    }

    [Fact]
    public void For_SameColumnTwice_ReturnsCachedGrouping()
    {
        var column = PrimitiveColumn<long>.Create(ColumnType.Int64, [1, 2, 1]);
        var first = KeyGrouping.For(column);
        KeyGrouping.For(column).ShouldBeSameAs(first);
        KeyGrouping.Forget(column);
        KeyGrouping.For(column).ShouldNotBeSameAs(first);
    }

    [Fact]
    public void Build_BooleanColumn_Throws() =>
        Should.Throw<ArgumentException>(() => KeyGrouping.Build(new BooleanColumnBuilder(1).Build()));
}
