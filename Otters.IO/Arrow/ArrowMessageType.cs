namespace Otters.IO.Arrow;

/// <summary>The members of the <c>MessageHeader</c> union in Arrow's Message.fbs.</summary>
internal enum ArrowMessageType : byte
{
    /// <summary>No header.</summary>
    None = 0,
    /// <summary>A schema.</summary>
    Schema = 1,
    /// <summary>A dictionary batch.</summary>
    DictionaryBatch = 2,
    /// <summary>A record batch.</summary>
    RecordBatch = 3,
    /// <summary>A tensor.</summary>
    Tensor = 4,
    /// <summary>A sparse tensor.</summary>
    SparseTensor = 5,
}
