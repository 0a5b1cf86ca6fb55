namespace Otters.IO.Parquet.Internal;

/// <summary>A growable list of ints exposing its contents as a span (definition levels, dictionary indices).</summary>
internal sealed class IntBuffer
{
    private int[] _items = new int[1024];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Span => _items.AsSpan(0, Count);

    public void Add(int value)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = value;
    }

    public void AddRepeated(int value, int count)
    {
        if (Count + count > _items.Length)
        {
            Array.Resize(ref _items, Math.Max(_items.Length * 2, Count + count));
        }

        _items.AsSpan(Count, count).Fill(value);
        Count += count;
    }

    public void Clear() => Count = 0;
}
