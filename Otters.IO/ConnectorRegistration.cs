using System.Runtime.CompilerServices;

namespace Otters.IO;

/// <summary>Registers Otters.IO's connector factories when the assembly loads (Pipeline loads it by name to resolve paths and URIs).</summary>
internal static class ConnectorRegistration
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Pipeline loads Otters.IO by name to resolve paths; registering here is the point.")]
    internal static void Register()
    {
        Connectors.Register(new Csv.CsvConnectorFactory());
        Connectors.Register(new Parquet.ParquetConnectorFactory());
        Connectors.Register(new Postgres.PostgresConnectorFactory());
        Connectors.Register(new Arrow.ArrowConnectorFactory());
        Connectors.Register(new Json.JsonLinesConnectorFactory());
        Connectors.Register(new Kafka.KafkaConnectorFactory());
    }
}
