namespace Tollgate.Gateway.Capture;

/// <summary>
/// What the gateway records of each exchange and what it redacts, bound from <c>Gateway:Capture</c> (the defaults of
/// every route) and from <c>Gateway:Routes:{id}:Policy:Capture</c> (one route). <see cref="Merge"/> combines the two
/// and <see cref="CapturePolicy.Create"/> compiles the result once per configuration load.
/// </summary>
/// <remarks>
/// The lists add to <see cref="CaptureDefaults"/>, which always apply. A route's lists add to the global ones; its
/// scalar settings, when set, replace them. Not thread-safe while being bound; read-only afterwards.
/// </remarks>
public sealed class CaptureOptions
{
    /// <summary>The configuration section of the global settings.</summary>
    public const string SectionName = "Gateway:Capture";

    /// <summary>What is recorded. Null (the default) inherits: a route takes the global mode, which defaults to <see cref="CaptureMode.Metadata"/>.</summary>
    public CaptureMode? Mode { get; set; }

    /// <summary>
    /// Bytes of each body copied per direction in <see cref="CaptureMode.Bodies"/>, 0 to
    /// <see cref="Core.Requests.RequestLimits.MaxBodyBytes"/>. Null inherits: the global cap, which defaults to
    /// <see cref="CaptureDefaults.MaxBodyBytes"/> (32 KiB).
    /// </summary>
    public int? MaxBodyBytes { get; set; }

    /// <summary>
    /// Whether stored text is scanned for secrets wherever it appears (payment card numbers passing Luhn, bearer
    /// tokens, JWTs, Tollgate keys) and those are masked. Null inherits; on by default.
    /// </summary>
    public bool? DetectSecrets { get; set; }

    /// <summary>More headers whose values are stored, beyond <see cref="CaptureDefaults.AllowedHeaders"/>.</summary>
    public IList<string> AllowedHeaders { get; } = new List<string>();

    /// <summary>More headers whose values are always masked, beyond <see cref="CaptureDefaults.RedactedHeaders"/>; wins over <see cref="AllowedHeaders"/>.</summary>
    public IList<string> RedactHeaders { get; } = new List<string>();

    /// <summary>
    /// More JSON member names (also form fields) whose whole value is masked at any depth, beyond
    /// <see cref="CaptureDefaults.RedactedJsonFields"/>; compared ignoring ASCII case, <c>_</c> and <c>-</c>.
    /// </summary>
    public IList<string> RedactJsonFields { get; } = new List<string>();

    /// <summary>
    /// JSON pointers (RFC 6901, case-sensitive) of values to mask, such as <c>/customer/email</c>; a <c>*</c> segment
    /// stands for any member or array item (<c>/items/*/card</c>). A matched object or array is masked whole.
    /// </summary>
    public IList<string> RedactJsonPaths { get; } = new List<string>();

    /// <summary>
    /// More query parameters (also form fields) whose values are masked, beyond
    /// <see cref="CaptureDefaults.RedactedQueryParameters"/>; compared like <see cref="RedactJsonFields"/>, after percent-decoding.
    /// </summary>
    public IList<string> RedactQueryParameters { get; } = new List<string>();

    /// <summary>
    /// A route's effective settings: the route's <see cref="Mode"/>, <see cref="MaxBodyBytes"/> and
    /// <see cref="DetectSecrets"/> where set, the global ones otherwise; every list is the global list followed by the
    /// route's. Neither argument is changed.
    /// </summary>
    public static CaptureOptions Merge(CaptureOptions global, CaptureOptions? route)
    {
        ArgumentNullException.ThrowIfNull(global);
        var merged = new CaptureOptions
        {
            Mode = route?.Mode ?? global.Mode,
            MaxBodyBytes = route?.MaxBodyBytes ?? global.MaxBodyBytes,
            DetectSecrets = route?.DetectSecrets ?? global.DetectSecrets,
        };
        AddAll(merged.AllowedHeaders, global.AllowedHeaders, route?.AllowedHeaders);
        AddAll(merged.RedactHeaders, global.RedactHeaders, route?.RedactHeaders);
        AddAll(merged.RedactJsonFields, global.RedactJsonFields, route?.RedactJsonFields);
        AddAll(merged.RedactJsonPaths, global.RedactJsonPaths, route?.RedactJsonPaths);
        AddAll(merged.RedactQueryParameters, global.RedactQueryParameters, route?.RedactQueryParameters);
        return merged;
    }

    /// <summary>
    /// What is wrong with these settings, one message per problem naming its key under <paramref name="section"/>
    /// (<c>Gateway:Routes:orders:Policy:Capture</c>; default <see cref="SectionName"/>); empty when they are valid.
    /// </summary>
    public IReadOnlyList<string> Validate(string section = SectionName)
    {
        ArgumentNullException.ThrowIfNull(section);
        var failures = new List<string>();
        CaptureOptionsValidator.Validate(this, section, failures);
        return failures;
    }

    private static void AddAll(IList<string> target, IList<string> first, IList<string>? second)
    {
        foreach (var item in first)
        {
            target.Add(item);
        }

        if (second is not null)
        {
            foreach (var item in second)
            {
                target.Add(item);
            }
        }
    }
}
