namespace Otters.IO.Parquet.Format;

/// <summary>The kinds of page a column chunk holds.</summary>
internal enum PageType
{
    DataPage = 0,
    IndexPage = 1,
    DictionaryPage = 2,
    DataPageV2 = 3,
}
