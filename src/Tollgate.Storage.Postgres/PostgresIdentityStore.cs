using Npgsql;
using NpgsqlTypes;
using Tollgate.Core.Identity;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Tenants, users, API keys and refresh tokens in PostgreSQL (migration 0002): the scale-out counterpart of the
/// embedded identity store, passing the same contract suite. Every call is one statement on a pooled connection of
/// the shared data source, so the checks that must be atomic across nodes (taken emails, single-use refresh tokens)
/// are decided by the server's constraints and row locks, never by a read followed by a write.
/// </summary>
/// <remarks>Thread-safe. Needs the schema the migrator applies before the server listens.</remarks>
public sealed class PostgresIdentityStore : IIdentityStore
{
    private const string TenantColumns = "id, name, disabled, created_at";
    private const string UserColumns = "id, tenant_id, email, role, password_hash, disabled, created_at, last_login_at";
    private const string ApiKeyColumns = "id, tenant_id, name, prefix, hash, scopes, signing, signing_secret, created_at, created_by, expires_at, revoked_at, last_used_at";
    private const string RefreshTokenColumns = "id, family_id, user_id, tenant_id, hash, created_at, expires_at, revoked_at";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store on a data source whose database the migrator has brought up to date.</summary>
    public PostgresIdentityStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc />
    public async Task<bool> CreateTenantAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return await ExecuteAsync(
            "INSERT INTO tenants (id, name, disabled, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
            cancellationToken,
            Text(tenant.Id),
            Text(tenant.Name),
            Flag(tenant.Disabled),
            Time(tenant.CreatedAt)) == 1;
    }

    /// <inheritdoc />
    public Task<Tenant?> GetTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {TenantColumns} FROM tenants WHERE id = $1", ReadTenant, cancellationToken, Text(tenantId));

    /// <inheritdoc />
    public Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken) =>
        QueryListAsync($"SELECT {TenantColumns} FROM tenants ORDER BY id", ReadTenant, cancellationToken);

    /// <inheritdoc />
    public Task<Tenant?> UpdateTenantAsync(string tenantId, string? name, bool? disabled, CancellationToken cancellationToken) =>
        QuerySingleAsync(
            $"UPDATE tenants SET name = COALESCE($2, name), disabled = COALESCE($3, disabled) WHERE id = $1 RETURNING {TenantColumns}",
            ReadTenant,
            cancellationToken,
            Text(tenantId),
            Text(name),
            Flag(disabled));

    /// <inheritdoc />
    public async Task<bool> CreateUserAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await ExecuteAsync(
            $"INSERT INTO users ({UserColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (email) DO NOTHING",
            cancellationToken,
            Id(user.Id),
            Text(user.TenantId),
            Text(user.Email),
            Text(Roles.ToName(user.Role)),
            Text(user.PasswordHash),
            Flag(user.Disabled),
            Time(user.CreatedAt),
            Time(user.LastLoginAt)) == 1;
    }

    /// <inheritdoc />
    public Task<User?> FindUserByEmailAsync(string email, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {UserColumns} FROM users WHERE email = $1", ReadUser, cancellationToken, Text(email));

    /// <inheritdoc />
    public Task<User?> GetUserAsync(string tenantId, Guid userId, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {UserColumns} FROM users WHERE tenant_id = $1 AND id = $2", ReadUser, cancellationToken, Text(tenantId), Id(userId));

    /// <inheritdoc />
    public Task<IReadOnlyList<User>> ListUsersAsync(string tenantId, CancellationToken cancellationToken) =>
        QueryListAsync($"SELECT {UserColumns} FROM users WHERE tenant_id = $1 ORDER BY email", ReadUser, cancellationToken, Text(tenantId));

    /// <inheritdoc />
    public Task<User?> UpdateUserAsync(string tenantId, Guid userId, Role? role, string? passwordHash, bool? disabled, CancellationToken cancellationToken) =>
        QuerySingleAsync(
            $"""
            UPDATE users SET role = COALESCE($3, role), password_hash = COALESCE($4, password_hash), disabled = COALESCE($5, disabled)
            WHERE tenant_id = $1 AND id = $2 RETURNING {UserColumns}
            """,
            ReadUser,
            cancellationToken,
            Text(tenantId),
            Id(userId),
            Text(role is { } r ? Roles.ToName(r) : null),
            Text(passwordHash),
            Flag(disabled));

    /// <inheritdoc />
    public Task RecordLoginAsync(Guid userId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE users SET last_login_at = $2 WHERE id = $1", cancellationToken, Id(userId), Time(at));

    /// <inheritdoc />
    public async Task<int> CountPlatformAdminsAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT COUNT(*) FROM users WHERE role = $1 AND NOT disabled");
        command.Parameters.Add(Text(Roles.ToName(Role.PlatformAdmin)));
        return checked((int)(long)(await command.ExecuteScalarAsync(cancellationToken))!);
    }

    /// <inheritdoc />
    public Task CreateApiKeyAsync(ApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ExecuteAsync(
            $"INSERT INTO api_keys ({ApiKeyColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            cancellationToken,
            Id(key.Id),
            Text(key.TenantId),
            Text(key.Name),
            Text(key.Prefix),
            Bytes(key.Hash),
            new NpgsqlParameter<string[]> { TypedValue = [.. key.Scopes], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            Text(SigningName(key.Signing)),
            Bytes(key.SigningSecret),
            Time(key.CreatedAt),
            Text(key.CreatedBy),
            Time(key.ExpiresAt),
            Time(key.RevokedAt),
            Time(key.LastUsedAt));
    }

    /// <inheritdoc />
    public Task<ApiKey?> FindApiKeyByHashAsync(byte[] hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return QuerySingleAsync($"SELECT {ApiKeyColumns} FROM api_keys WHERE hash = $1", ReadApiKey, cancellationToken, Bytes(hash));
    }

    /// <inheritdoc />
    public Task<ApiKey?> FindApiKeyByIdAsync(Guid keyId, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {ApiKeyColumns} FROM api_keys WHERE id = $1", ReadApiKey, cancellationToken, Id(keyId));

    /// <inheritdoc />
    public Task<ApiKey?> GetApiKeyAsync(string tenantId, Guid keyId, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {ApiKeyColumns} FROM api_keys WHERE tenant_id = $1 AND id = $2", ReadApiKey, cancellationToken, Text(tenantId), Id(keyId));

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(string tenantId, CancellationToken cancellationToken) =>
        QueryListAsync(
            $"SELECT {ApiKeyColumns} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC",
            ReadApiKey,
            cancellationToken,
            Text(tenantId));

    /// <inheritdoc />
    public Task<ApiKey?> RevokeApiKeyAsync(string tenantId, Guid keyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        QuerySingleAsync(
            $"UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $3) WHERE tenant_id = $1 AND id = $2 RETURNING {ApiKeyColumns}",
            ReadApiKey,
            cancellationToken,
            Text(tenantId),
            Id(keyId),
            Time(at));

    /// <inheritdoc />
    /// <remarks>
    /// One statement for the whole batch: the uses are folded to the latest per key, and the keys are locked in id
    /// order before they are updated, so two nodes flushing overlapping batches queue behind each other instead of
    /// deadlocking. GREATEST ignores NULL, so a key's first use is recorded and an older time never wins.
    /// </remarks>
    public async Task RecordApiKeyUseAsync(IReadOnlyCollection<KeyValuePair<Guid, DateTimeOffset>> uses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uses);
        if (uses.Count == 0)
        {
            return;
        }

        var ids = new Guid[uses.Count];
        var times = new DateTimeOffset[uses.Count];
        var i = 0;
        foreach (var (keyId, usedAt) in uses)
        {
            ids[i] = keyId;
            times[i] = PostgresStorable.Time(usedAt);
            i++;
        }

        await ExecuteAsync(
            """
            WITH latest AS (
                SELECT id, max(at) AS at FROM unnest($1::uuid[], $2::timestamptz[]) AS u (id, at) GROUP BY id
            ),
            locked AS (
                SELECT k.id FROM api_keys AS k JOIN latest USING (id) ORDER BY k.id FOR UPDATE OF k
            )
            UPDATE api_keys AS k SET last_used_at = GREATEST(k.last_used_at, latest.at)
            FROM latest JOIN locked USING (id)
            WHERE k.id = latest.id
            """,
            cancellationToken,
            new NpgsqlParameter<Guid[]> { TypedValue = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
            new NpgsqlParameter<DateTimeOffset[]> { TypedValue = times, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
    }

    /// <inheritdoc />
    public Task CreateRefreshTokenAsync(RefreshToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ExecuteAsync(
            $"INSERT INTO refresh_tokens ({RefreshTokenColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            cancellationToken,
            RefreshTokenParameters(token));
    }

    /// <inheritdoc />
    public Task<RefreshToken?> FindRefreshTokenByHashAsync(byte[] hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return QuerySingleAsync($"SELECT {RefreshTokenColumns} FROM refresh_tokens WHERE hash = $1", ReadRefreshToken, cancellationToken, Bytes(hash));
    }

    /// <inheritdoc />
    /// <remarks>
    /// One statement, so revoke and insert commit together or not at all: the conditional UPDATE revokes the current
    /// token only while it is unrevoked, and the replacement is inserted only when that UPDATE changed a row. Of
    /// concurrent rotations the first takes the row lock; the others wait, re-check <c>revoked_at IS NULL</c> on the
    /// committed row, change nothing and insert nothing.
    /// </remarks>
    public async Task<bool> RotateRefreshTokenAsync(Guid currentId, RefreshToken replacement, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        return await ExecuteAsync(
            $"""
            WITH revoked AS (
                UPDATE refresh_tokens SET revoked_at = $10 WHERE id = $9 AND revoked_at IS NULL RETURNING id
            )
            INSERT INTO refresh_tokens ({RefreshTokenColumns})
            SELECT $1, $2, $3, $4, $5, $6, $7, $8 FROM revoked
            """,
            cancellationToken,
            [.. RefreshTokenParameters(replacement), Id(currentId), Time(at)]) == 1;
    }

    /// <inheritdoc />
    public Task RevokeRefreshTokenFamilyAsync(Guid familyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL",
            cancellationToken,
            Id(familyId),
            Time(at));

    /// <inheritdoc />
    public Task RevokeRefreshTokensOfUserAsync(Guid userId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
            cancellationToken,
            Id(userId),
            Time(at));

    private static NpgsqlParameter[] RefreshTokenParameters(RefreshToken token) =>
    [
        Id(token.Id),
        Id(token.FamilyId),
        Id(token.UserId),
        Text(token.TenantId),
        Bytes(token.Hash),
        Time(token.CreatedAt),
        Time(token.ExpiresAt),
        Time(token.RevokedAt),
    ];

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<T?> QuerySingleAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
        where T : class
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? read(reader) : null;
    }

    private async Task<IReadOnlyList<T>> QueryListAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        var items = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
        }

        return items;
    }

    // Parameters are typed, NULLs included, so the server never has to guess a type from the statement.
    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)PostgresStorable.Text(value) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter<Guid> Id(Guid value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Uuid };

    private static NpgsqlParameter Flag(bool? value) => new() { Value = value is { } flag ? flag : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Boolean };

    private static NpgsqlParameter Bytes(byte[]? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea };

    private static NpgsqlParameter Time(DateTimeOffset? value) => new()
    {
        Value = value is { } time ? PostgresStorable.Time(time) : DBNull.Value,
        NpgsqlDbType = NpgsqlDbType.TimestampTz,
    };

    private static Tenant ReadTenant(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetBoolean(2),
        reader.GetFieldValue<DateTimeOffset>(3));

    private static User ReadUser(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetString(2),
        Roles.TryParse(reader.GetString(3), out var role) ? role : throw new InvalidOperationException($"User {reader.GetGuid(0)} has an unknown role '{reader.GetString(3)}'."),
        reader.GetString(4),
        reader.GetBoolean(5),
        reader.GetFieldValue<DateTimeOffset>(6),
        ReadTime(reader, 7));

    private static ApiKey ReadApiKey(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetFieldValue<byte[]>(4),
        reader.GetFieldValue<string[]>(5),
        ParseSigning(reader.GetString(6)),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<byte[]>(7),
        reader.GetFieldValue<DateTimeOffset>(8),
        reader.GetString(9),
        ReadTime(reader, 10),
        ReadTime(reader, 11),
        ReadTime(reader, 12));

    private static RefreshToken ReadRefreshToken(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetGuid(2),
        reader.GetString(3),
        reader.GetFieldValue<byte[]>(4),
        reader.GetFieldValue<DateTimeOffset>(5),
        reader.GetFieldValue<DateTimeOffset>(6),
        ReadTime(reader, 7));

    private static DateTimeOffset? ReadTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

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
