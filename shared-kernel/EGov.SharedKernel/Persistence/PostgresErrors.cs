using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EGov.SharedKernel.Persistence;

public static class PostgresErrors
{
    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// Whether <paramref name="exception"/> (or one it wraps: EF's <see cref="DbUpdateException"/>, a grain call's
    /// failure) says the database cannot be reached right now: a refused or broken connection, a server shutting
    /// down or starting up, a terminated backend, an exhausted pool. Such a request may succeed when repeated later;
    /// it is not a bug of the platform.
    /// </summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is NpgsqlException { IsTransient: true })
            {
                return true;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(IsUnavailable))
            {
                return true;
            }
        }

        return false;
    }
}
