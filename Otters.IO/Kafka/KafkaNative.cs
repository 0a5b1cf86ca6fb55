using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Otters.IO.Kafka;

/// <summary>
/// Points Confluent.Kafka at the system's librdkafka (Debian's <c>librdkafka1</c>). Confluent.Kafka 1.9.3
/// expects the native library from its <c>librdkafka.redist</c> package, which Otters replaces by an
/// empty stand-in, so every native name the assembly imports is resolved here instead.
/// </summary>
internal static class KafkaNative
{
    /// <summary>The file names tried for librdkafka, most specific first.</summary>
    private static readonly string[] s_librdkafkaNames = ["librdkafka.so.1", "librdkafka.so", "librdkafka.1.dylib", "librdkafka.dylib", "librdkafka.dll", "librdkafka"];

    private static readonly Lock s_lock = new();
    private static bool s_loaded;
    private static Exception? s_failure;

    /// <summary>Gets the environment variable that names the librdkafka file to load instead of the defaults.</summary>
    public const string PathVariable = "OTTERS_LIBRDKAFKA";

    /// <summary>Loads librdkafka once; throws a message saying how to install it when it is missing.</summary>
    /// <exception cref="OttersException">librdkafka cannot be loaded.</exception>
    public static void EnsureLoaded()
    {
        if (Volatile.Read(ref s_loaded))
        {
            return;
        }

        lock (s_lock)
        {
            if (s_loaded)
            {
                return;
            }

            if (s_failure is not null)
            {
                throw new OttersException(s_failure.Message, s_failure);
            }

            try
            {
                var handle = LoadLibrdkafka();
                var assembly = typeof(Library).Assembly;
                NativeLibrary.SetDllImportResolver(assembly, (name, _, _) => Resolve(name, handle));
                Library.Load();
                s_loaded = true;
            }
            catch (Exception ex)
            {
                s_failure = new OttersException(
                    $"Kafka needs the native library librdkafka 1.9 or newer, which could not be loaded ({ex.Message}). " +
                    $"On Debian or Ubuntu install it with 'apt-get install librdkafka1', or set {PathVariable} to the library's path.",
                    ex);
                throw s_failure;
            }
        }
    }

    /// <summary>Gets the version of the loaded librdkafka, e.g. <c>2.0.2</c>.</summary>
    public static string Version
    {
        get
        {
            EnsureLoaded();
            return Library.VersionString;
        }
    }

    /// <summary>Opens librdkafka, or throws naming every file tried.</summary>
    /// <returns>The library handle.</returns>
    public static nint LoadLibrdkafka()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return NativeLibrary.Load(configured);
        }

        foreach (var name in s_librdkafkaNames)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException($"None of {string.Join(", ", s_librdkafkaNames)} was found on the library search path.");
    }

    private static nint Resolve(string name, nint librdkafka)
    {
        // Confluent.Kafka imports "librdkafka" (and on Linux first tries "centos7-librdkafka.so" and
        // "centos6-librdkafka.so", names of its bundled builds); all of them mean the system library.
        if (name.Contains("librdkafka", StringComparison.Ordinal))
        {
            return librdkafka;
        }

        // It loads libdl to dlopen a user-given path; glibc ships it only as libdl.so.2.
        if (name == "libdl" && NativeLibrary.TryLoad("libdl.so.2", out var libdl))
        {
            return libdl;
        }

        return 0;
    }

    /// <summary>Writes a librdkafka log line to standard error when the address asks for <c>debug</c>; drops it otherwise.</summary>
    /// <param name="address">The client's address.</param>
    /// <param name="message">The log line.</param>
    public static void Log(KafkaAddress address, LogMessage message)
    {
        if (address.LogToStandardError)
        {
            Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {message.Level} {message.Name} {message.Facility} {message.Message}");
        }
    }
}
