using System.Buffers;

namespace Otters.IO.Parquet.Internal;

/// <summary>A pooled array reused across pages, grown (never shrunk) on demand.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal struct ScratchBuffer<T>
{
    private T[]? _array;

    /// <summary>Returns an array of at least <paramref name="length"/> elements; earlier contents are not kept.</summary>
    public T[] Get(int length)
    {
        if (_array is null || _array.Length < length)
        {
            if (_array is not null)
            {
                ArrayPool<T>.Shared.Return(_array);
            }

            _array = ArrayPool<T>.Shared.Rent(Math.Max(length, 256));
        }

        return _array;
    }

    public void Release()
    {
        if (_array is not null)
        {
            ArrayPool<T>.Shared.Return(_array);
            _array = null;
        }
    }
}
