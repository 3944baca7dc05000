using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Tollgate.Core.Identity;

namespace Tollgate.Storage.Sqlite;

/// <summary>
/// Tenants, users, API keys and refresh tokens in the embedded store's database file. Identity writes are rare, so
/// they do not go through the audit writer: each call takes a pooled connection of its own, waits for the writer's
/// group commits through a busy timeout, and keeps its transactions short.
/// </summary>
/// <remarks>
/// Thread-safe. Needs the schema of <see cref="SqliteAuditEventStore.InitializeAsync"/> (migration 0002): the host
/// runs it before listening; a process without a host (the CLI) calls it on the <see cref="SqliteAuditEventStore"/>
/// of the same service provider first.
/// </remarks>
public sealed class SqliteIdentityStore : IIdentityStore, IDisposable
{
    private const string TenantColumns = "id, name, disabled, created_at";
    private const string UserColumns = "id, tenant_id, email, role, password_hash, disabled, created_at, last_login_at";
    private const string ApiKeyColumns = "id, tenant_id, name, prefix, hash, scopes, signing, signing_secret, created_at, created_by, expires_at, revoked_at, last_used_at";
    private const string RefreshTokenColumns = "id, family_id, user_id, tenant_id, hash, created_at, expires_at, revoked_at";

    private readonly string _connectionString;

    /// <summary>Creates the store; connections are opened per call.</summary>
    public SqliteIdentityStore(IOptions<SqliteStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(options.Value.Path),
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
            ForeignKeys = true,

            // Seconds a statement (and BEGIN IMMEDIATE) retries while the audit writer holds the write lock.
            DefaultTimeout = 10,
        }.ToString();
    }

    /// <inheritdoc />
    public async Task<bool> CreateTenantAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return await ExecuteAsync(
            "INSERT INTO tenants (id, name, disabled, created_at) VALUES ($id, $name, $disabled, $created) ON CONFLICT (id) DO NOTHING",
            c =>
            {
                Bind(c, "$id", tenant.Id);
                Bind(c, "$name", tenant.Name);
                Bind(c, "$disabled", tenant.Disabled);
                Bind(c, "$created", tenant.CreatedAt);
            },
            cancellationToken) == 1;
    }

    /// <inheritdoc />
    public Task<Tenant?> GetTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {TenantColumns} FROM tenants WHERE id = $id", c => Bind(c, "$id", tenantId), ReadTenant, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken) =>
        QueryListAsync($"SELECT {TenantColumns} FROM tenants ORDER BY id", _ => { }, ReadTenant, cancellationToken);

    /// <inheritdoc />
    public Task<Tenant?> UpdateTenantAsync(string tenantId, string? name, bool? disabled, CancellationToken cancellationToken) =>
        QuerySingleAsync(
            $"""
            UPDATE tenants SET name = COALESCE($name, name), disabled = COALESCE($disabled, disabled)
            WHERE id = $id RETURNING {TenantColumns}
            """,
            c =>
            {
                Bind(c, "$id", tenantId);
                Bind(c, "$name", name);
                Bind(c, "$disabled", disabled);
            },
            ReadTenant,
            cancellationToken);

    /// <inheritdoc />
    public async Task<bool> CreateUserAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await ExecuteAsync(
            $"""
            INSERT INTO users ({UserColumns}) VALUES ($id, $tenant, $email, $role, $password, $disabled, $created, $last_login)
            ON CONFLICT (email) DO NOTHING
            """,
            c =>
            {
                Bind(c, "$id", user.Id);
                Bind(c, "$tenant", user.TenantId);
                Bind(c, "$email", user.Email);
                Bind(c, "$role", Roles.ToName(user.Role));
                Bind(c, "$password", user.PasswordHash);
                Bind(c, "$disabled", user.Disabled);
                Bind(c, "$created", user.CreatedAt);
                Bind(c, "$last_login", user.LastLoginAt);
            },
            cancellationToken) == 1;
    }

    /// <inheritdoc />
    public Task<User?> FindUserByEmailAsync(string email, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {UserColumns} FROM users WHERE email = $email", c => Bind(c, "$email", email), ReadUser, cancellationToken);

    /// <inheritdoc />
    public Task<User?> GetUserAsync(string tenantId, Guid userId, CancellationToken cancellationToken) =>
        QuerySingleAsync(
            $"SELECT {UserColumns} FROM users WHERE tenant_id = $tenant AND id = $id",
            c =>
            {
                Bind(c, "$tenant", tenantId);
                Bind(c, "$id", userId);
            },
            ReadUser,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<User>> ListUsersAsync(string tenantId, CancellationToken cancellationToken) =>
        QueryListAsync($"SELECT {UserColumns} FROM users WHERE tenant_id = $tenant ORDER BY email", c => Bind(c, "$tenant", tenantId), ReadUser, cancellationToken);

    /// <inheritdoc />
    public Task<User?> UpdateUserAsync(string tenantId, Guid userId, Role? role, string? passwordHash, bool? disabled, CancellationToken cancellationToken) =>
        QuerySingleAsync(
            $"""
            UPDATE users SET role = COALESCE($role, role), password_hash = COALESCE($password, password_hash),
                disabled = COALESCE($disabled, disabled)
            WHERE tenant_id = $tenant AND id = $id RETURNING {UserColumns}
            """,
            c =>
            {
                Bind(c, "$tenant", tenantId);
                Bind(c, "$id", userId);
                Bind(c, "$role", role is { } r ? Roles.ToName(r) : null);
                Bind(c, "$password", passwordHash);
                Bind(c, "$disabled", disabled);
            },
            ReadUser,
            cancellationToken);

    /// <inheritdoc />
    public Task RecordLoginAsync(Guid userId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE users SET last_login_at = $at WHERE id = $id",
            c =>
            {
                Bind(c, "$id", userId);
                Bind(c, "$at", at);
            },
            cancellationToken);

    /// <inheritdoc />
    public async Task<int> CountPlatformAdminsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM users WHERE role = $role AND disabled = 0";
        Bind(command, "$role", Roles.ToName(Role.PlatformAdmin));
        return checked((int)(long)(await command.ExecuteScalarAsync(cancellationToken))!);
    }

    /// <inheritdoc />
    public Task CreateApiKeyAsync(ApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ExecuteAsync(
            $"""
            INSERT INTO api_keys ({ApiKeyColumns})
            VALUES ($id, $tenant, $name, $prefix, $hash, $scopes, $signing, $secret, $created, $created_by, $expires, $revoked, $last_used)
            """,
            c =>
            {
                Bind(c, "$id", key.Id);
                Bind(c, "$tenant", key.TenantId);
                Bind(c, "$name", key.Name);
                Bind(c, "$prefix", key.Prefix);
                Bind(c, "$hash", key.Hash);
                Bind(c, "$scopes", string.Join(' ', key.Scopes));
                Bind(c, "$signing", SigningName(key.Signing));
                Bind(c, "$secret", key.SigningSecret);
                Bind(c, "$created", key.CreatedAt);
                Bind(c, "$created_by", key.CreatedBy);
                Bind(c, "$expires", key.ExpiresAt);
                Bind(c, "$revoked", key.RevokedAt);
                Bind(c, "$last_used", key.LastUsedAt);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ApiKey?> FindApiKeyByHashAsync(byte[] hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return QuerySingleAsync($"SELECT {ApiKeyColumns} FROM api_keys WHERE hash = $hash", c => Bind(c, "$hash", hash), ReadApiKey, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ApiKey?> FindApiKeyByIdAsync(Guid keyId, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {ApiKeyColumns} FROM api_keys WHERE id = $id", c => Bind(c, "$id", keyId), ReadApiKey, cancellationToken);

    /// <inheritdoc />
    public Task<ApiKey?> GetApiKeyAsync(string tenantId, Guid keyId, CancellationToken cancellationToken) =>
        QuerySingleAsync(
            $"SELECT {ApiKeyColumns} FROM api_keys WHERE tenant_id = $tenant AND id = $id",
            c =>
            {
                Bind(c, "$tenant", tenantId);
                Bind(c, "$id", keyId);
            },
            ReadApiKey,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(string tenantId, CancellationToken cancellationToken) =>
        QueryListAsync(
            $"SELECT {ApiKeyColumns} FROM api_keys WHERE tenant_id = $tenant ORDER BY created_at DESC, id DESC",
            c => Bind(c, "$tenant", tenantId),
            ReadApiKey,
            cancellationToken);

    /// <inheritdoc />
    public Task<ApiKey?> RevokeApiKeyAsync(string tenantId, Guid keyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        QuerySingleAsync(
            $"UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $at) WHERE tenant_id = $tenant AND id = $id RETURNING {ApiKeyColumns}",
            c =>
            {
                Bind(c, "$tenant", tenantId);
                Bind(c, "$id", keyId);
                Bind(c, "$at", at);
            },
            ReadApiKey,
            cancellationToken);

    /// <inheritdoc />
    public async Task RecordApiKeyUseAsync(IReadOnlyCollection<KeyValuePair<Guid, DateTimeOffset>> uses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uses);
        if (uses.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE api_keys SET last_used_at = MAX(COALESCE(last_used_at, $at), $at) WHERE id = $id";
        var id = command.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        var at = command.Parameters.Add(new SqliteParameter { ParameterName = "$at" });
        foreach (var (keyId, usedAt) in uses)
        {
            id.Value = keyId.ToString("D");
            at.Value = SqliteTime.ToMicroseconds(usedAt);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task CreateRefreshTokenAsync(RefreshToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        await using var connection = await OpenAsync(cancellationToken);
        await InsertRefreshTokenAsync(connection, null, token, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RefreshToken?> FindRefreshTokenByHashAsync(byte[] hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return QuerySingleAsync($"SELECT {RefreshTokenColumns} FROM refresh_tokens WHERE hash = $hash", c => Bind(c, "$hash", hash), ReadRefreshToken, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> RotateRefreshTokenAsync(Guid currentId, RefreshToken replacement, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        await using var connection = await OpenAsync(cancellationToken);

        // Revoke-if-unrevoked and insert commit together or not at all, so a token is used at most once.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var revoke = connection.CreateCommand())
        {
            revoke.Transaction = transaction;
            revoke.CommandText = "UPDATE refresh_tokens SET revoked_at = $at WHERE id = $id AND revoked_at IS NULL";
            Bind(revoke, "$id", currentId);
            Bind(revoke, "$at", at);
            if (await revoke.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return false;
            }
        }

        await InsertRefreshTokenAsync(connection, transaction, replacement, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public Task RevokeRefreshTokenFamilyAsync(Guid familyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE refresh_tokens SET revoked_at = $at WHERE family_id = $family AND revoked_at IS NULL",
            c =>
            {
                Bind(c, "$family", familyId);
                Bind(c, "$at", at);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task RevokeRefreshTokensOfUserAsync(Guid userId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE refresh_tokens SET revoked_at = $at WHERE user_id = $user AND revoked_at IS NULL",
            c =>
            {
                Bind(c, "$user", userId);
                Bind(c, "$at", at);
            },
            cancellationToken);

    /// <summary>Releases this store's pooled connections, which keep the file open.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static async Task InsertRefreshTokenAsync(SqliteConnection connection, SqliteTransaction? transaction, RefreshToken token, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO refresh_tokens ({RefreshTokenColumns}) VALUES ($id, $family, $user, $tenant, $hash, $created, $expires, $revoked)";
        Bind(command, "$id", token.Id);
        Bind(command, "$family", token.FamilyId);
        Bind(command, "$user", token.UserId);
        Bind(command, "$tenant", token.TenantId);
        Bind(command, "$hash", token.Hash);
        Bind(command, "$created", token.CreatedAt);
        Bind(command, "$expires", token.ExpiresAt);
        Bind(command, "$revoked", token.RevokedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return connection;
    }

    private async Task<int> ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<T?> QuerySingleAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? read(reader) : null;
    }

    private async Task<IReadOnlyList<T>> QueryListAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var items = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
        }

        return items;
    }

    /// <summary>Binds a value in its stored form: GUIDs as "D" text, flags as 0/1, times as unix microseconds, null as NULL.</summary>
    private static void Bind(SqliteCommand command, string name, object? value) =>
        command.Parameters.AddWithValue(name, value switch
        {
            null => DBNull.Value,
            Guid id => id.ToString("D"),
            bool flag => flag ? 1L : 0L,
            DateTimeOffset time => SqliteTime.ToMicroseconds(time),
            _ => value,
        });

    private static Tenant ReadTenant(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt64(2) != 0,
        SqliteTime.FromMicroseconds(reader.GetInt64(3)));

    private static User ReadUser(SqliteDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        reader.GetString(1),
        reader.GetString(2),
        Roles.TryParse(reader.GetString(3), out var role) ? role : throw new InvalidOperationException($"User {reader.GetString(0)} has an unknown role '{reader.GetString(3)}'."),
        reader.GetString(4),
        reader.GetInt64(5) != 0,
        SqliteTime.FromMicroseconds(reader.GetInt64(6)),
        ReadTime(reader, 7));

    private static ApiKey ReadApiKey(SqliteDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        (byte[])reader.GetValue(4),
        reader.GetString(5).Split(' ', StringSplitOptions.RemoveEmptyEntries),
        ParseSigning(reader.GetString(6)),
        reader.IsDBNull(7) ? null : (byte[])reader.GetValue(7),
        SqliteTime.FromMicroseconds(reader.GetInt64(8)),
        reader.GetString(9),
        ReadTime(reader, 10),
        ReadTime(reader, 11),
        ReadTime(reader, 12));

    private static RefreshToken ReadRefreshToken(SqliteDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        Guid.Parse(reader.GetString(1)),
        Guid.Parse(reader.GetString(2)),
        reader.GetString(3),
        (byte[])reader.GetValue(4),
        SqliteTime.FromMicroseconds(reader.GetInt64(5)),
        SqliteTime.FromMicroseconds(reader.GetInt64(6)),
        ReadTime(reader, 7));

    private static DateTimeOffset? ReadTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : SqliteTime.FromMicroseconds(reader.GetInt64(ordinal));

    private static string SigningName(ApiKeySigning signing) => signing switch
    {
        ApiKeySigning.None => "none",
        ApiKeySigning.Optional => "optional",
        ApiKeySigning.Required => "required",
        _ => throw new ArgumentOutOfRangeException(nameof(signing), signing, null),
    };

    private static ApiKeySigning ParseSigning(string name) => name switch
    {
        "none" => ApiKeySigning.None,
        "optional" => ApiKeySigning.Optional,
        "required" => ApiKeySigning.Required,
        _ => throw new InvalidOperationException($"Unknown API key signing mode '{name}'."),
    };
}
