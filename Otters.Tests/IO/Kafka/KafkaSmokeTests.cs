using System.Text;

namespace Otters.Tests.IO.Kafka;

[Collection(KafkaCollection.Name)]
public sealed class KafkaSmokeTests(KafkaMockCluster cluster)
{
    [Fact]
    public void MockCluster_ProduceAndRead_RoundTrips()
    {
        var topic = cluster.CreateTopic("smoke", 2);
        cluster.ProduceJson(topic, Enumerable.Range(0, 10).Select(i => ((string?)$"k{i}", $"{{\"i\":{i}}}")));
        var read = cluster.ReadAll(topic, 2, 10);
        read.Count.ShouldBe(10);
    }
}
