using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Otters.Benchmarks.Kafka;

/// <summary>Adds a messages/s column (the <c>Messages</c> parameter over the mean time) and groups by category.</summary>
public sealed class MessagesPerSecondConfig : ManualConfig
{
    public MessagesPerSecondConfig()
    {
        AddColumn(new MessagesPerSecondColumn());
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
    }

    private sealed class MessagesPerSecondColumn : IColumn
    {
        public string Id => nameof(MessagesPerSecondColumn);

        public string ColumnName => "Msg/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Messages per second: the Messages parameter divided by the mean time";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            var messages = benchmarkCase.Parameters["Messages"] is int m ? m : 0;
            return report?.ResultStatistics is { Mean: > 0 } stats && messages > 0
                ? (messages / (stats.Mean / 1e9)).ToString("N0", CultureInfo.InvariantCulture)
                : "-";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
