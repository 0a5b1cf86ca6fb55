using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Otters.Benchmarks.Csv;

/// <summary>Adds rows/s and MB/s columns: the Rows parameter and the input file's size over the mean time.</summary>
public sealed class CsvThroughputConfig : ManualConfig
{
    /// <summary>Initializes the config with both throughput columns.</summary>
    public CsvThroughputConfig()
    {
        AddColumn(new ThroughputColumn("Rows/s", "Rows read or written per second: the Rows parameter over the mean time", bytes: false));
        AddColumn(new ThroughputColumn("MB/s", "Megabytes (10^6 bytes) of the tick CSV file read or written per second: the input file's size over the mean time", bytes: true));
    }

    private sealed class ThroughputColumn(string name, string legend, bool bytes) : IColumn
    {
        public string Id => $"{nameof(ThroughputColumn)}.{name}";

        public string ColumnName => name;

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => bytes ? 1 : 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => legend;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var rows = benchmarkCase.Parameters["Rows"] is int r ? r : 0;
            if (summary[benchmarkCase]?.ResultStatistics is not { Mean: > 0 } stats || rows == 0)
            {
                return "-";
            }

            var seconds = stats.Mean / 1e9;
            if (!bytes)
            {
                return (rows / seconds).ToString("N0", CultureInfo.InvariantCulture);
            }

            // The written file holds the same ticks as the input, so one size serves both directions.
            var file = new FileInfo(CsvBenchmarks.InputFile(rows));
            return file.Exists ? (file.Length / 1e6 / seconds).ToString("N1", CultureInfo.InvariantCulture) : "-";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
