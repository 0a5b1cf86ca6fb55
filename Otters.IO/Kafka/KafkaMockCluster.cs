using System.Runtime.InteropServices;
using System.Text;

namespace Otters.IO.Kafka;

/// <summary>
/// librdkafka's mock cluster (<c>rdkafka_mock.h</c>): brokers speaking the Kafka protocol on loopback,
/// inside this process. Tests and benchmarks use it as a real peer; topics are created here because
/// the mock does not implement the admin API (auto-creation also works).
/// </summary>
internal sealed unsafe class KafkaMockCluster : IDisposable
{
    private const int ProducerType = 0;

    private readonly nint _handle;
    private readonly nint _cluster;
    private readonly delegate* unmanaged<nint, byte*, int, int, int> _topicCreate;
    private readonly delegate* unmanaged<nint, void> _clusterDestroy;
    private readonly delegate* unmanaged<nint, void> _destroy;
    private bool _disposed;

    /// <summary>Starts a mock cluster.</summary>
    /// <param name="brokers">The number of brokers.</param>
    /// <exception cref="OttersException">librdkafka is missing (the message says how to install it).</exception>
    public KafkaMockCluster(int brokers = 1)
    {
        KafkaNative.EnsureLoaded();
        var lib = KafkaNative.LoadLibrdkafka();
        var confNew = (delegate* unmanaged<nint>)NativeLibrary.GetExport(lib, "rd_kafka_conf_new");
        var kafkaNew = (delegate* unmanaged<int, nint, byte*, nuint, nint>)NativeLibrary.GetExport(lib, "rd_kafka_new");
        var clusterNew = (delegate* unmanaged<nint, int, nint>)NativeLibrary.GetExport(lib, "rd_kafka_mock_cluster_new");
        var bootstraps = (delegate* unmanaged<nint, nint>)NativeLibrary.GetExport(lib, "rd_kafka_mock_cluster_bootstraps");
        _topicCreate = (delegate* unmanaged<nint, byte*, int, int, int>)NativeLibrary.GetExport(lib, "rd_kafka_mock_topic_create");
        _clusterDestroy = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(lib, "rd_kafka_mock_cluster_destroy");
        _destroy = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(lib, "rd_kafka_destroy");

        // The mock cluster needs a client handle for its bookkeeping; a producer handle is the lightest.
        var errors = stackalloc byte[512];
        _handle = kafkaNew(ProducerType, confNew(), errors, 512);
        if (_handle == 0)
        {
            throw new OttersException($"librdkafka could not create the handle for a mock cluster: {Marshal.PtrToStringUTF8((nint)errors)}.");
        }

        _cluster = clusterNew(_handle, brokers);
        if (_cluster == 0)
        {
            _destroy(_handle);
            throw new OttersException("librdkafka could not start a mock cluster.");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(bootstraps(_cluster))!;
    }

    /// <summary>Gets the brokers' addresses, e.g. <c>127.0.0.1:39413</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Creates a topic.</summary>
    /// <param name="name">The topic name.</param>
    /// <param name="partitions">The number of partitions.</param>
    public void CreateTopic(string name, int partitions)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var bytes = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* p = bytes)
        {
            var error = _topicCreate(_cluster, p, partitions, 1);
            if (error != 0)
            {
                throw new OttersException($"The mock cluster could not create topic '{name}' (librdkafka error {error}).");
            }
        }
    }

    /// <summary>Stops the brokers.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _clusterDestroy(_cluster);
        _destroy(_handle);
    }
}
