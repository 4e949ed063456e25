namespace Platform.ServiceDefaults.Messaging;

/// <summary>An <c>amqp://user:password@host:port/vhost</c> connection string, taken apart.</summary>
internal sealed record RabbitMqAddress(string Host, ushort Port, string VirtualHost, string Username, string Password)
{
    public static RabbitMqAddress Parse(string connectionString)
    {
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
        {
            throw new FormatException("ConnectionStrings:rabbitmq must be an amqp:// URI such as amqp://user:password@host:5672/.");
        }

        var credentials = uri.UserInfo.Split(':', 2);
        var username = credentials.Length > 0 && credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : "guest";
        var password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "guest";
        var virtualHost = uri.AbsolutePath.Trim('/');
        var port = uri.IsDefaultPort || uri.Port <= 0 ? (ushort)5672 : (ushort)uri.Port;
        return new RabbitMqAddress(uri.Host, port, virtualHost.Length == 0 ? "/" : Uri.UnescapeDataString(virtualHost), username, password);
    }
}
