using System.Net.Sockets;
using Npgsql;
using Otters.IO.Postgres;

namespace Otters.Tests.IO.Postgres;

public sealed class PostgresTransientErrorsTests
{
    [Theory]
    [InlineData("57P01", true)]  // admin_shutdown: pg_ctl stop -m fast
    [InlineData("57P03", true)]  // cannot_connect_now: starting up or shutting down
    [InlineData("08006", true)]  // connection_failure
    [InlineData("53300", true)]  // too_many_connections
    [InlineData("23505", false)] // unique_violation
    [InlineData("42P01", false)] // undefined_table
    [InlineData("22P02", false)] // invalid_text_representation
    public void IsTransient_PostgresException_FollowsItsSqlState(string sqlState, bool transient)
    {
        var error = new PostgresException("message", "FATAL", "FATAL", sqlState);

        PostgresTransientErrors.IsTransient(error).ShouldBe(transient);
    }

    [Fact]
    public void IsTransient_ConnectionRefused_IsTransient()
    {
        var error = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));

        PostgresTransientErrors.IsTransient(error).ShouldBeTrue();
    }

    [Fact]
    public void IsTransient_ReadFromABrokenStream_IsTransient()
    {
        PostgresTransientErrors.IsTransient(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())).ShouldBeTrue();
    }

    [Fact]
    public void IsTransient_Cancellation_IsNot()
    {
        PostgresTransientErrors.IsTransient(new OperationCanceledException()).ShouldBeFalse();
        PostgresTransientErrors.IsTransient(new InvalidOperationException("bug")).ShouldBeFalse();
    }
}
