using Otters.IO.Postgres;

namespace Otters.Tests.IO.Postgres;

public sealed class PostgresUriTests
{
    [Fact]
    public void Parse_FullUri_ReadsEveryPart()
    {
        var uri = PostgresUri.Parse("postgresql://me:p%40ss@db.example:6543/market/public.ticks?key=symbol,%20ts&sslmode=disable");

        uri.Connection.Host.ShouldBe("db.example");
        uri.Connection.Port.ShouldBe(6543);
        uri.Connection.Username.ShouldBe("me");
        uri.Connection.Password.ShouldBe("p@ss");
        uri.Connection.Database.ShouldBe("market");
        uri.Connection.SslMode.ShouldBe(Npgsql.SslMode.Disable);
        uri.Table.ShouldBe("public.ticks");
        uri.Key.ShouldBe(["symbol", "ts"]);
        uri.Redacted.ShouldBe("postgresql://me@db.example:6543/market/public.ticks?key=symbol,%20ts&sslmode=disable");
    }

    [Fact]
    public void Parse_MinimalUri_UsesTheDefaultPort()
    {
        var uri = PostgresUri.Parse("postgres://localhost/db/t");

        uri.Connection.Port.ShouldBe(5432);
        uri.Connection.Username.ShouldBeNull();
        uri.Key.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_IPv6Host_KeepsTheAddress()
    {
        PostgresUri.Parse("postgresql://[::1]:5433/db/t").Connection.Host.ShouldBe("::1");
    }

    [Fact]
    public void Parse_Query_IsUnescapedAndLosesItsSemicolon()
    {
        PostgresUri.Parse("postgresql://h/db?query=SELECT%20*%20FROM%20t%20WHERE%20a%20%3E%201;").Query.ShouldBe("SELECT * FROM t WHERE a > 1");
    }

    [Theory]
    [InlineData("mysql://h/db/t", "does not start with postgresql://")]
    [InlineData("postgresql://h", "names no database")]
    [InlineData("postgresql:///db/t", "names no host")]
    [InlineData("postgresql://h:99999/db/t", "port '99999'")]
    [InlineData("postgresql://h:abc/db/t", "port 'abc'")]
    [InlineData("postgresql://h/db/t/extra", "/database or /database/table")]
    [InlineData("postgresql://h/db/t?bogus=1", "parameter 'bogus'")]
    [InlineData("postgresql://h/db/t?key=", "key parameter names no column")]
    public void Parse_BadUri_ThrowsAWholeSentenceNamingTheUri(string text, string problem)
    {
        var error = Should.Throw<ArgumentException>(() => PostgresUri.Parse(text));

        error.Message.ShouldContain($"'{text}'");
        error.Message.ShouldContain(problem);
        error.Message.ShouldContain("postgresql://[user[:password]@]host[:port]/database/table");
    }

    [Fact]
    public void Parse_BadUriWithPassword_LeavesThePasswordOutOfTheMessage()
    {
        var error = Should.Throw<ArgumentException>(() => PostgresUri.Parse("postgresql://me:s3cret@h:port/db/t"));

        error.Message.ShouldNotContain("s3cret");
        error.Message.ShouldContain("postgresql://me:***@h:port/db/t");
    }

    [Fact]
    public void PostgresSink_UriWithoutTable_ThrowsNamingTheUri()
    {
        Should.Throw<ArgumentException>(() => new PostgresSink("postgresql://h/db")).Message.ShouldContain("names no table");
    }

    [Fact]
    public void PostgresSource_UriWithNeitherTableNorQuery_ThrowsNamingTheUri()
    {
        Should.Throw<ArgumentException>(() => new PostgresSource("postgresql://h/db")).Message.ShouldContain("'postgresql://h/db' must name either a table");
    }

    [Fact]
    public void PostgresSource_UriWithTableAndQuery_Throws()
    {
        Should.Throw<ArgumentException>(() => new PostgresSource("postgresql://h/db/t?query=SELECT%201")).Message.ShouldContain("not both");
    }
}
