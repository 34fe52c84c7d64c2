using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace EGov.Host.Lifecycle;

/// <summary>
/// ASP.NET Core data-protection keys in PostgreSQL, table <c>platform.data_protection_keys</c>, so every node of a
/// cluster protects and unprotects with the same key ring. The table is created idempotently on first use.
/// Keys are stored as data protection writes them; protect the database (and its backups) accordingly.
/// </summary>
internal sealed class PostgresXmlRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    public const string Schema = "platform";
    public const string Table = "platform.data_protection_keys";

    // Any constant distinct from other advisory locks of the platform; serializes the creation of the table.
    private const long SetupLock = 0x45476f7644504b;

    private readonly Lock _gate = new();
    private bool _ready;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        EnsureTable();
        using var command = dataSource.CreateCommand($"SELECT xml FROM {Table} ORDER BY id");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        EnsureTable();
        using var command = dataSource.CreateCommand(
            $"INSERT INTO {Table} (friendly_name, xml) VALUES ($1, $2) ON CONFLICT (friendly_name) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }

    private void EnsureTable()
    {
        lock (_gate)
        {
            if (_ready)
            {
                return;
            }

            using var connection = dataSource.OpenConnection();
            using var transaction = connection.BeginTransaction();
            using (var command = new NpgsqlCommand(
                $"""
                SELECT pg_advisory_xact_lock({SetupLock});
                CREATE SCHEMA IF NOT EXISTS {Schema};
                CREATE TABLE IF NOT EXISTS {Table} (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    friendly_name text NOT NULL UNIQUE,
                    xml text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now());
                """, connection, transaction))
            {
                command.ExecuteNonQuery();
            }

            transaction.Commit();
            _ready = true;
        }
    }
}
