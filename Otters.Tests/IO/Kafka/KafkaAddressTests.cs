using Otters.IO.Kafka;

namespace Otters.Tests.IO.Kafka;

public sealed class KafkaAddressTests
{
    [Fact]
    public void Parse_FullAddress_ReadsServersTopicsOptionsAndSettings()
    {
        var address = KafkaAddress.Parse("kafka://b1:9092,b2:9093/ticks,quotes?group=g%201&offset=latest&session.timeout.ms=6000&key=symbol");

        address.BootstrapServers.ShouldBe("b1:9092,b2:9093");
        address.Topics.ShouldBe(["ticks", "quotes"]);
        address.Group.ShouldBe("g 1");
        address.Offset.ShouldBe("latest");
        address.Key.ShouldBe("symbol");
        address.Settings.ShouldBe(new Dictionary<string, string> { ["session.timeout.ms"] = "6000" });
        address.ToString().ShouldBe("kafka://b1:9092,b2:9093/ticks,quotes");
    }

    [Fact]
    public void Parse_Defaults_StartAtTheEarliestOffsetWithoutKeyOrGroup()
    {
        var address = KafkaAddress.Parse("KAFKA://localhost:9092/t");

        address.Offset.ShouldBe("earliest");
        address.Group.ShouldBeNull();
        address.Key.ShouldBeNull();
        address.LogToStandardError.ShouldBeFalse();
    }

    [Theory]
    [InlineData("kafka://localhost:9092", "names no topic")]
    [InlineData("kafka:///t", "names no broker")]
    [InlineData("kafka://h:1/t?colour=red", "option 'colour' is unknown")]
    [InlineData("kafka://h:1/t?offset=middle", "'earliest' or 'latest'")]
    [InlineData("kafka://h:1/t?group=", "option 'group' has no value")]
    [InlineData("http://h:1/t", "must start with kafka://")]
    public void Parse_Malformed_ThrowsSayingWhy(string address, string why)
    {
        Should.Throw<ArgumentException>(() => KafkaAddress.Parse(address)).Message.ShouldContain(why);
    }

    [Fact]
    public void Constructor_SinkWithSeveralTopics_Throws()
    {
        Should.Throw<ArgumentException>(() => new KafkaSink("kafka://h:1/a,b")).Message.ShouldContain("exactly one topic");
    }
}
