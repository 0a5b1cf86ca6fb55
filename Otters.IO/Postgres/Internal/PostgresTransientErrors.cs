using System.Net.Sockets;
using Npgsql;

namespace Otters.IO.Postgres;

/// <summary>Tells the failures worth retrying (the server went away or is not ready) from real errors.</summary>
internal static class PostgresTransientErrors
{
    /// <summary>Returns whether a failure is transient: a lost or refused connection, or a server restarting.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>True when retrying on a new connection may succeed.</returns>
    public static bool IsTransient(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return IsTransientState(pg.SqlState) || pg.IsTransient;
                case NpgsqlException npgsql when npgsql.IsTransient:
                case SocketException:
                case IOException:
                case TimeoutException:
                    return true;
                case OperationCanceledException:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Returns whether a SQLSTATE means the connection or server, not the statement, failed.</summary>
    /// <param name="sqlState">The five-character SQLSTATE.</param>
    /// <returns>True for connection exceptions (08xxx), operator intervention (57P01-57P05), too many connections and serialization failures.</returns>
    public static bool IsTransientState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is "57P01" or "57P02" or "57P03" or "57P05" or "53300" or "40001" or "40P01";
}
