namespace Otters.IO.Kafka;

/// <summary>Resolves <c>kafka://host:port/topic[,topic2]?group=G</c> sources and <c>kafka://host:port/topic[?key=column]</c> sinks.</summary>
internal sealed class KafkaConnectorFactory : IConnectorFactory
{
    public ISource? TryCreateSource(string target, Schema? declaredSchema) =>
        KafkaAddress.IsKafka(target) ? new KafkaSource(target) : null;

    public ISink? TryCreateSink(string target) => KafkaAddress.IsKafka(target) ? new KafkaSink(target) : null;
}
