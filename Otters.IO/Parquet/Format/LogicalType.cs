using Otters.IO.Parquet.Thrift;

namespace Otters.IO.Parquet.Format;

/// <summary>The LogicalType union of parquet.thrift, flattened to the members Otters reads.</summary>
internal sealed class LogicalType
{
    public LogicalTypeKind Kind { get; set; }

    /// <summary>Gets or sets isAdjustedToUTC of TIMESTAMP and TIME.</summary>
    public bool IsAdjustedToUtc { get; set; }

    /// <summary>Gets or sets the unit of TIMESTAMP and TIME.</summary>
    public ParquetTimeUnit Unit { get; set; }

    public int Scale { get; set; }

    public int Precision { get; set; }

    public int BitWidth { get; set; }

    public bool IsSigned { get; set; }

    public static LogicalType Timestamp(ParquetTimeUnit unit, bool isAdjustedToUtc) =>
        new() { Kind = LogicalTypeKind.Timestamp, Unit = unit, IsAdjustedToUtc = isAdjustedToUtc };

    public static LogicalType Read(ref ThriftCompactReader r)
    {
        var result = new LogicalType();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out var id))
        {
            if (type != ThriftType.Struct)
            {
                r.Skip(type);
                continue;
            }

            result.Kind = id switch
            {
                >= 1 and <= 8 or >= 10 and <= 15 => (LogicalTypeKind)id,
                _ => LogicalTypeKind.Other,
            };
            r.EnterStruct();
            switch (result.Kind)
            {
                case LogicalTypeKind.Timestamp or LogicalTypeKind.Time:
                    ReadTimeStruct(ref r, result);
                    break;
                case LogicalTypeKind.Decimal:
                    ReadDecimalStruct(ref r, result);
                    break;
                case LogicalTypeKind.Integer:
                    ReadIntegerStruct(ref r, result);
                    break;
                default:
                    SkipFields(ref r);
                    break;
            }

            r.ExitStruct();
        }

        return result;
    }

    public void Write(ThriftCompactWriter w)
    {
        short last = 0;
        w.WriteFieldHeader(ThriftType.Struct, (short)Kind, ref last);
        short inner = 0;
        if (Kind is LogicalTypeKind.Timestamp or LogicalTypeKind.Time)
        {
            w.WriteBoolField(1, IsAdjustedToUtc, ref inner);
            w.WriteFieldHeader(ThriftType.Struct, 2, ref inner);
            short unit = 0;
            w.WriteFieldHeader(ThriftType.Struct, (short)Unit, ref unit);
            w.WriteStop(); // the empty MILLIS/MICROS/NANOS struct
            w.WriteStop(); // the TimeUnit union
        }
        else if (Kind == LogicalTypeKind.Decimal)
        {
            w.WriteI32Field(1, Scale, ref inner);
            w.WriteI32Field(2, Precision, ref inner);
        }

        w.WriteStop(); // the member struct
        w.WriteStop(); // the union
    }

    private static void ReadTimeStruct(ref ThriftCompactReader r, LogicalType result)
    {
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out var id))
        {
            switch (id)
            {
                case 1:
                    result.IsAdjustedToUtc = r.ReadBool(type, "TimestampType.isAdjustedToUTC");
                    break;
                case 2 when type == ThriftType.Struct:
                    r.EnterStruct();
                    short unitLast = 0;
                    while (r.ReadFieldHeader(ref unitLast, out var unitType, out var unitId))
                    {
                        if (unitId is >= 1 and <= 3)
                        {
                            result.Unit = (ParquetTimeUnit)unitId;
                        }

                        r.Skip(unitType);
                    }

                    r.ExitStruct();
                    break;
                default:
                    r.Skip(type);
                    break;
            }
        }
    }

    private static void ReadDecimalStruct(ref ThriftCompactReader r, LogicalType result)
    {
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out var id))
        {
            switch (id)
            {
                case 1:
                    result.Scale = r.ReadI32(type, "DecimalType.scale");
                    break;
                case 2:
                    result.Precision = r.ReadI32(type, "DecimalType.precision");
                    break;
                default:
                    r.Skip(type);
                    break;
            }
        }
    }

    private static void ReadIntegerStruct(ref ThriftCompactReader r, LogicalType result)
    {
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out var id))
        {
            if (id == 1 && type == ThriftType.Byte)
            {
                result.BitWidth = (sbyte)r.ReadByte();
            }
            else if (id == 2)
            {
                result.IsSigned = r.ReadBool(type, "IntType.isSigned");
            }
            else
            {
                r.Skip(type);
            }
        }
    }

    private static void SkipFields(ref ThriftCompactReader r)
    {
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out _))
        {
            r.Skip(type);
        }
    }
}
