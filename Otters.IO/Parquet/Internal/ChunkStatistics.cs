using System.Buffers.Binary;
using Otters.IO.Parquet.Format;

namespace Otters.IO.Parquet.Internal;

/// <summary>Min, max and null count of one column chunk, encoded as Parquet's PLAIN statistics.</summary>
internal sealed class ChunkStatistics
{
    private long _minLong = long.MaxValue;
    private long _maxLong = long.MinValue;
    private double _minDouble = double.PositiveInfinity;
    private double _maxDouble = double.NegativeInfinity;
    private byte[] _minBytes = new byte[64];
    private byte[] _maxBytes = new byte[64];
    private int _minLength = -1;
    private int _maxLength = -1;
    private bool _any;

    public long NullCount { get; set; }

    public void AddLong(long value)
    {
        _any = true;
        _minLong = Math.Min(_minLong, value);
        _maxLong = Math.Max(_maxLong, value);
    }

    public void AddLongs(ReadOnlySpan<long> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        _any = true;
        var min = _minLong;
        var max = _maxLong;
        foreach (var value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        _minLong = min;
        _maxLong = max;
    }

    public void AddDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return; // NaN has no place in an order; Parquet asks writers to leave it out of min/max
        }

        _any = true;
        _minDouble = Math.Min(_minDouble, value);
        _maxDouble = Math.Max(_maxDouble, value);
    }

    public void AddBytes(ReadOnlySpan<byte> value)
    {
        _any = true;
        if (_minLength < 0 || value.SequenceCompareTo(_minBytes.AsSpan(0, _minLength)) < 0)
        {
            Store(ref _minBytes, ref _minLength, value);
        }

        if (_maxLength < 0 || value.SequenceCompareTo(_maxBytes.AsSpan(0, _maxLength)) > 0)
        {
            Store(ref _maxBytes, ref _maxLength, value);
        }
    }

    public Statistics ToStatistics(ColumnType type)
    {
        var result = new Statistics { NullCount = NullCount };
        if (!_any)
        {
            return result;
        }

        switch (type.Kind)
        {
            case ColumnKind.Float64:
                // Parquet orders -0.0 before +0.0 only in statistics: a zero min is written -0, a zero max +0.
                result.MinValue = Double(_minDouble == 0 ? -0.0 : _minDouble);
                result.MaxValue = Double(_maxDouble == 0 ? 0.0 : _maxDouble);
                break;
            case ColumnKind.Int32:
                result.MinValue = Int32((int)_minLong);
                result.MaxValue = Int32((int)_maxLong);
                break;
            case ColumnKind.Boolean:
                result.MinValue = [(byte)_minLong];
                result.MaxValue = [(byte)_maxLong];
                break;
            case ColumnKind.String:
                // Long strings would bloat the footer; readers treat absent bounds as unknown.
                if (_maxLength <= 256)
                {
                    result.MinValue = _minBytes.AsSpan(0, _minLength).ToArray();
                    result.MaxValue = _maxBytes.AsSpan(0, _maxLength).ToArray();
                }

                break;
            default:
                result.MinValue = Int64(_minLong);
                result.MaxValue = Int64(_maxLong);
                break;
        }

        // The legacy fields carry the same bounds for the types whose order never changed (signed numbers).
        if (type.Kind is not ColumnKind.String)
        {
            result.Min = result.MinValue;
            result.Max = result.MaxValue;
        }

        return result;
    }

    private static void Store(ref byte[] buffer, ref int length, ReadOnlySpan<byte> value)
    {
        if (buffer.Length < value.Length)
        {
            buffer = new byte[Math.Max(value.Length, buffer.Length * 2)];
        }

        value.CopyTo(buffer);
        length = value.Length;
    }

    private static byte[] Double(double value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }
}
