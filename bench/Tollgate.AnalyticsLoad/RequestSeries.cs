using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace Tollgate.AnalyticsLoad;

/// <summary>
/// A series of request records for <c>POST /api/v1/requests</c>, shaped like the gateway's captures (ids, route,
/// client, principal, request and trace ids, sizes, latencies), drawn from <see cref="TrafficCatalogue"/>: routes by
/// their weights, consumers by 1/rank with <see cref="TrafficCatalogue.AnonymousShare"/> anonymous, 5% errors (70% 4xx),
/// latencies lognormal per route (4xx faster, 5xx slower). Record <c>i</c> is a pure function of the seed, <c>i</c>, the
/// length and the window: every run sends the same records, bodies can be built on any thread and in any order, and
/// counts can be checked without keeping anything.
/// </summary>
/// <remarks>
/// Timestamps rise with <c>i</c>: the window is cut into <see cref="Count"/> equal slots and record <c>i</c> lies at a
/// random point of slot <c>i</c>, in whole microseconds (as stored). Ids are UUIDv7 of the record's time, as the
/// gateway's are, so inserts append to the id index as live traffic does. Immutable and thread-safe.
/// </remarks>
internal sealed class RequestSeries
{
    /// <summary>Each record's draws come from its own stretch of one SplitMix64 stream; no record uses this many.</summary>
    private const ulong DrawsPerRecord = 64;

    private const ulong Golden = 0x9E3779B97F4A7C15;

    private static readonly double[] RouteShares = Cumulative(TrafficCatalogue.Routes.Select(r => r.Weight));
    private static readonly double[] ConsumerShares = Cumulative(Enumerable.Range(1, TrafficCatalogue.Consumers.Count).Select(rank => 1.0 / rank));
    private static readonly string[][] ConsumerAddresses = TrafficCatalogue.Consumers
        .Select((_, k) => Enumerable.Range(0, 4).Select(a => $"10.{20 + k}.{a}.{10 + k}").ToArray())
        .ToArray();

    private static readonly string[] AnonymousAddresses = Enumerable.Range(1, 254).Select(n => $"198.51.100.{n}").ToArray();
    private static readonly string[] Pages = Enumerable.Range(1, 20).Select(n => $"page={n}").ToArray();
    private static readonly string[] Searches = TrafficCatalogue.SearchTerms.Select(t => $"q={t}").ToArray();

    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText ServiceName = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText RouteName = JsonEncodedText.Encode("route");
    private static readonly JsonEncodedText MethodName = JsonEncodedText.Encode("method");
    private static readonly JsonEncodedText TemplateName = JsonEncodedText.Encode("route_template");
    private static readonly JsonEncodedText PathName = JsonEncodedText.Encode("path");
    private static readonly JsonEncodedText QueryName = JsonEncodedText.Encode("query");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText LatencyName = JsonEncodedText.Encode("latency_ms");
    private static readonly JsonEncodedText UpstreamLatencyName = JsonEncodedText.Encode("upstream_latency_ms");
    private static readonly JsonEncodedText RequestBytesName = JsonEncodedText.Encode("request_bytes");
    private static readonly JsonEncodedText ResponseBytesName = JsonEncodedText.Encode("response_bytes");
    private static readonly JsonEncodedText ClientIpName = JsonEncodedText.Encode("client_ip");
    private static readonly JsonEncodedText UserAgentName = JsonEncodedText.Encode("user_agent");
    private static readonly JsonEncodedText PrincipalName = JsonEncodedText.Encode("principal");
    private static readonly JsonEncodedText RequestIdName = JsonEncodedText.Encode("request_id");
    private static readonly JsonEncodedText TraceIdName = JsonEncodedText.Encode("trace_id");
    private static readonly JsonEncodedText SpanIdName = JsonEncodedText.Encode("span_id");

    private readonly ulong _origin;
    private readonly long _spanTicks;

    /// <param name="seed">Chooses the records; the same seed gives the same records.</param>
    /// <param name="count">Records in the series.</param>
    /// <param name="start">The window's start: the first record is at or after it.</param>
    /// <param name="span">The window's length: every record is before <paramref name="start"/> + <paramref name="span"/>.</param>
    public RequestSeries(int seed, long count, DateTimeOffset start, TimeSpan span)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(span, TimeSpan.Zero);
        _origin = new Draws((ulong)seed).Next();
        _spanTicks = span.Ticks;
        Count = count;
        Start = start;
    }

    public long Count { get; }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End => Start.AddTicks(_spanTicks);

    /// <summary>A bulk body: the JSON array of records <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1.</summary>
    public byte[] Body(long first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first + count, Count);
        var buffer = new ArrayBufferWriter<byte>(count * 720);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = first; i < first + count; i++)
            {
                Write(writer, Generate(i));
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>What the series holds: records, errors, and requests per endpoint and per consumer.</summary>
    public SeriesTotals Totals()
    {
        long errors = 0, serverErrors = 0;
        var routes = new long[TrafficCatalogue.Routes.Count];
        var consumers = new long[TrafficCatalogue.Consumers.Count + 1];
        for (var i = 0L; i < Count; i++)
        {
            var record = Generate(i);
            errors += record.Status >= 400 ? 1 : 0;
            serverErrors += record.Status >= 500 ? 1 : 0;
            routes[record.Route]++;
            consumers[record.Consumer + 1]++;
        }

        return new SeriesTotals(
            Count,
            errors,
            serverErrors,
            TrafficCatalogue.Routes.Select((route, r) => (Key: SeriesTotals.EndpointKey(route.Method, route.Template), Count: routes[r]))
                .Where(e => e.Count > 0).ToDictionary(e => e.Key, e => e.Count),
            consumers.Select((count, c) => (Key: c == 0 ? SeriesTotals.Anonymous : TrafficCatalogue.Consumers[c - 1], Count: count))
                .Where(e => e.Count > 0).ToDictionary(e => e.Key, e => e.Count));
    }

    /// <summary>How many records have a timestamp at or after <paramref name="from"/> (a binary search on the timestamps).</summary>
    public long CountFrom(DateTimeOffset from)
    {
        long low = 0, high = Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (TimestampOf(middle, new Draws(StateOf(middle)).NextUInt32()) < from)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return Count - low;
    }

    private ulong StateOf(long index) => _origin + ((ulong)index * DrawsPerRecord * Golden);

    private DateTimeOffset TimestampOf(long index, uint fraction)
    {
        // index + fraction/2^32 of Count slots: never below the previous record's point.
        var ticks = (long)((Int128)_spanTicks * (((Int128)index << 32) + fraction) / ((Int128)Count << 32));
        return Start.AddTicks(ticks - (ticks % 10));
    }

    private Generated Generate(long index)
    {
        var draws = new Draws(StateOf(index));
        var timestamp = TimestampOf(index, draws.NextUInt32());
        var routeIndex = Pick(RouteShares, draws.NextDouble());
        var route = TrafficCatalogue.Routes[routeIndex];
        var consumer = draws.NextDouble() < TrafficCatalogue.AnonymousShare ? -1 : Pick(ConsumerShares, draws.NextDouble());

        int status;
        double latencyFactor;
        if (draws.NextDouble() < TrafficCatalogue.ErrorShare)
        {
            var client = draws.NextDouble() < TrafficCatalogue.ClientErrorShare;
            var statuses = client ? TrafficCatalogue.ClientErrors : TrafficCatalogue.ServerErrors;
            status = statuses[(int)(draws.NextDouble() * statuses.Count)];
            latencyFactor = client ? 0.4 : 3;
        }
        else
        {
            status = route.SuccessStatus;
            latencyFactor = 1;
        }

        var latency = Math.Clamp(route.MedianMilliseconds * latencyFactor * Math.Exp(route.Sigma * draws.NextGaussian()), 0.05, 60_000);
        var gatewayOverhead = 0.1 + (0.4 * draws.NextDouble());
        var responseBytes = status >= 400 ? 120 + (long)(draws.NextDouble() * 200)
            : route.ResponseBytes == 0 ? 0
            : (long)(route.ResponseBytes * Math.Exp(0.5 * draws.NextGaussian()));
        var requestBytes = route.RequestBytes == 0 ? 0 : (long)(route.RequestBytes * Math.Exp(0.4 * draws.NextGaussian()));
        return new Generated(
            timestamp,
            routeIndex,
            consumer,
            status,
            Math.Round(latency, 3),
            Math.Round(Math.Max(latency - gatewayOverhead, 0), 3),
            requestBytes,
            responseBytes,
            1 + (long)(draws.NextDouble() * 1_000_000),
            draws.NextUInt32(),
            Version7(timestamp, draws.Next(), draws.Next()),
            Version7(timestamp, draws.Next(), draws.Next()),
            draws.Next() | 1,
            draws.Next(),
            draws.Next() | 1);
    }

    private static void Write(Utf8JsonWriter writer, in Generated record)
    {
        var route = TrafficCatalogue.Routes[record.Route];
        writer.WriteStartObject();
        writer.WriteString(IdName, record.Id);
        writer.WriteString(TimestampName, record.Timestamp);
        writer.WriteString(ServiceName, route.Service);
        writer.WriteString(RouteName, route.RouteId);
        writer.WriteString(MethodName, route.Method);
        writer.WriteString(TemplateName, route.Template);

        Span<char> path = stackalloc char[128];
        var length = 0;
        route.PathPrefix.AsSpan().CopyTo(path);
        length += route.PathPrefix.Length;
        if (route.PathSuffix is { } suffix)
        {
            record.ResourceId.TryFormat(path[length..], out var written, provider: CultureInfo.InvariantCulture);
            length += written;
            suffix.AsSpan().CopyTo(path[length..]);
            length += suffix.Length;
        }

        writer.WriteString(PathName, path[..length]);
        if (route.QueryName is { } query)
        {
            writer.WriteString(QueryName, query == "q" ? Searches[record.Variant % Searches.Length] : Pages[record.Variant % Pages.Length]);
        }

        writer.WriteNumber(StatusName, record.Status);
        writer.WriteNumber(LatencyName, record.LatencyMilliseconds);
        writer.WriteNumber(UpstreamLatencyName, record.UpstreamLatencyMilliseconds);
        writer.WriteNumber(RequestBytesName, record.RequestBytes);
        writer.WriteNumber(ResponseBytesName, record.ResponseBytes);
        if (record.Consumer < 0)
        {
            writer.WriteString(ClientIpName, AnonymousAddresses[record.Variant % AnonymousAddresses.Length]);
            writer.WriteString(UserAgentName, TrafficCatalogue.UserAgents[(int)(record.Variant % 2)]);
        }
        else
        {
            writer.WriteString(ClientIpName, ConsumerAddresses[record.Consumer][record.Variant % 4]);
            writer.WriteString(UserAgentName, TrafficCatalogue.UserAgents[record.Consumer % TrafficCatalogue.UserAgents.Count]);
            writer.WriteString(PrincipalName, TrafficCatalogue.Consumers[record.Consumer]);
        }

        writer.WriteString(RequestIdName, record.RequestId);
        Span<char> hex = stackalloc char[32];
        record.TraceHigh.TryFormat(hex, out _, "x16", CultureInfo.InvariantCulture);
        record.TraceLow.TryFormat(hex[16..], out _, "x16", CultureInfo.InvariantCulture);
        writer.WriteString(TraceIdName, hex);
        record.SpanId.TryFormat(hex, out _, "x16", CultureInfo.InvariantCulture);
        writer.WriteString(SpanIdName, hex[..16]);
        writer.WriteEndObject();
    }

    /// <summary>A UUIDv7 with <paramref name="timestamp"/>'s milliseconds and the given random bits.</summary>
    private static Guid Version7(DateTimeOffset timestamp, ulong high, ulong low)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, ((ulong)timestamp.ToUnixTimeMilliseconds() << 16) | 0x7000 | (high & 0x0FFF));
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], 0x8000_0000_0000_0000 | (low & 0x3FFF_FFFF_FFFF_FFFF));
        return new Guid(bytes, bigEndian: true);
    }

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var shares = weights.ToArray();
        var total = shares.Sum();
        var sum = 0.0;
        for (var i = 0; i < shares.Length; i++)
        {
            sum += shares[i];
            shares[i] = sum / total;
        }

        return shares;
    }

    /// <summary>The first index whose cumulative share exceeds <paramref name="u"/> (in [0, 1)).</summary>
    private static int Pick(double[] cumulative, double u)
    {
        var index = Array.BinarySearch(cumulative, u);
        return Math.Min(index < 0 ? ~index : index + 1, cumulative.Length - 1);
    }

    private readonly record struct Generated(
        DateTimeOffset Timestamp,
        int Route,
        int Consumer,
        int Status,
        double LatencyMilliseconds,
        double UpstreamLatencyMilliseconds,
        long RequestBytes,
        long ResponseBytes,
        long ResourceId,
        uint Variant,
        Guid Id,
        Guid RequestId,
        ulong TraceHigh,
        ulong TraceLow,
        ulong SpanId);

    /// <summary>SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough to draw traffic from.</summary>
    private struct Draws(ulong state)
    {
        private ulong _state = state;

        public ulong Next()
        {
            var z = _state += Golden;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }

        public uint NextUInt32() => (uint)(Next() >> 32);

        /// <summary>Uniform in [0, 1).</summary>
        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

        /// <summary>Standard normal (Box–Muller).</summary>
        public double NextGaussian() => Math.Sqrt(-2 * Math.Log(1 - NextDouble())) * Math.Cos(2 * Math.PI * NextDouble());
    }
}
