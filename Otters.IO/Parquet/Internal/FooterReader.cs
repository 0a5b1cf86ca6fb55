using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Otters.IO.Parquet.Format;
using Otters.IO.Parquet.Thrift;

namespace Otters.IO.Parquet.Internal;

/// <summary>Reads and checks a Parquet file's footer: magic bytes, footer length, metadata and chunk offsets.</summary>
internal static class FooterReader
{
    /// <summary>The 4-byte magic at both ends of a Parquet file.</summary>
    public static ReadOnlySpan<byte> Magic => "PAR1"u8;

    public static FileMetaData Read(SafeFileHandle file)
    {
        var length = RandomAccess.GetLength(file);
        if (length < 12)
        {
            ThrowHelper.Format($"The file is {length} bytes long, shorter than the 12 bytes of Parquet's magic numbers and footer length.");
        }

        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[8];
        ReadExactly(file, head, 0);
        ReadExactly(file, tail, length - 8);
        if (tail[4..].SequenceEqual("PARE"u8))
        {
            ThrowHelper.Format("The file has an encrypted footer, which Otters does not read.");
        }

        if (!head.SequenceEqual(Magic) || !tail[4..].SequenceEqual(Magic))
        {
            ThrowHelper.Format("The file does not start and end with the Parquet magic bytes 'PAR1'.");
        }

        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > length - 12)
        {
            ThrowHelper.Format($"The footer length {footerLength} does not fit in a file of {length} bytes.");
        }

        var footer = new byte[footerLength];
        ReadExactly(file, footer, length - 8 - footerLength);
        var reader = new ThriftCompactReader(footer);
        var metadata = FileMetaData.Read(ref reader);
        Validate(metadata, length - 8 - footerLength);
        return metadata;
    }

    private static void Validate(FileMetaData metadata, long dataEnd)
    {
        if (metadata.IsEncrypted)
        {
            ThrowHelper.Format("The file is encrypted, which Otters does not read.");
        }

        if (metadata.NumRows < 0)
        {
            ThrowHelper.Format($"The footer declares {metadata.NumRows} rows.");
        }

        var leaves = metadata.Schema.Length - 1;
        for (var g = 0; g < metadata.RowGroups.Length; g++)
        {
            var group = metadata.RowGroups[g];
            if (group.NumRows < 0 || group.NumRows > int.MaxValue)
            {
                ThrowHelper.Format($"Row group {g} declares {group.NumRows} rows.");
            }

            if (group.Columns.Length != leaves)
            {
                ThrowHelper.Format($"Row group {g} has {group.Columns.Length} column chunks where the schema has {leaves} columns.");
            }

            for (var c = 0; c < group.Columns.Length; c++)
            {
                var chunk = group.Columns[c];
                if (chunk.IsEncrypted)
                {
                    ThrowHelper.Format($"Column chunk {c} of row group {g} is encrypted, which Otters does not read.");
                }

                if (chunk.FilePath is not null)
                {
                    ThrowHelper.Format($"Column chunk {c} of row group {g} lives in another file ('{chunk.FilePath}'), which Otters does not read.");
                }

                var meta = chunk.MetaData ?? ThrowHelper.Format<ColumnMetaData>($"Column chunk {c} of row group {g} has no metadata.");
                var (start, size) = ChunkRange(meta);
                if (start < 4 || size <= 0 || size > int.MaxValue || start > dataEnd - size)
                {
                    ThrowHelper.Format($"Column chunk {c} of row group {g} claims bytes [{start}, {start + size}) outside the data area [4, {dataEnd}).");
                }

                if (meta.NumValues < 0 || meta.NumValues > group.NumRows)
                {
                    ThrowHelper.Format($"Column chunk {c} of row group {g} declares {meta.NumValues} values for {group.NumRows} rows.");
                }
            }
        }
    }

    /// <summary>Returns where a chunk's pages start (its dictionary page, if any) and how many bytes they take.</summary>
    public static (long Start, long Size) ChunkRange(ColumnMetaData meta)
    {
        // Some writers put 0 in dictionary_page_offset when there is no dictionary; only a value before
        // the first data page can be the dictionary's.
        var start = meta.DictionaryPageOffset is { } d && d > 0 && d < meta.DataPageOffset ? d : meta.DataPageOffset;
        return (start, meta.TotalCompressedSize);
    }

    private static void ReadExactly(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(file, buffer[total..], offset + total);
            if (read == 0)
            {
                ThrowHelper.Truncated("file", buffer.Length - total, 0);
            }

            total += read;
        }
    }
}
