namespace Tollgate.AnalyticsLoad;

/// <summary>
/// What the generated traffic is made of: 30 routes of 6 services with their own shares, latencies and sizes (a
/// shop's API: cheap lookups, slower lists and searches, payments and a carrier call that wait on third parties), and
/// the 20 API consumers that call them. Fixed, so that the figures of different runs compare.
/// </summary>
internal static class TrafficCatalogue
{
    public static IReadOnlyList<RouteProfile> Routes { get; } =
    [
        new("orders", "orders-api", "GET", "/orders/{id}", 9, 18, 0.6, 1_800),
        new("orders", "orders-api", "GET", "/orders", 6, 35, 0.7, 12_000, QueryName: "page"),
        new("orders", "orders-api", "POST", "/orders", 3, 85, 0.5, 1_500, 1_200),
        new("orders", "orders-api", "PUT", "/orders/{id}", 1.2, 60, 0.5, 1_500, 900),
        new("orders", "orders-api", "DELETE", "/orders/{id}", 0.4, 40, 0.5, 0),
        new("orders", "orders-api", "GET", "/orders/{id}/items", 3, 22, 0.6, 4_200),
        new("payments", "payments-api", "POST", "/payments", 2.5, 240, 0.45, 700, 600),
        new("payments", "payments-api", "GET", "/payments/{id}", 2, 15, 0.5, 650),
        new("payments", "payments-api", "POST", "/payments/{id}/refunds", 0.3, 310, 0.5, 500, 300),
        new("payments", "payments-api", "GET", "/invoices", 1.5, 45, 0.7, 9_000, QueryName: "page"),
        new("payments", "payments-api", "GET", "/invoices/{id}", 1.8, 20, 0.5, 2_400),
        new("catalog", "catalog-api", "GET", "/products", 12, 28, 0.6, 24_000, QueryName: "page"),
        new("catalog", "catalog-api", "GET", "/products/{id}", 16, 9, 0.5, 3_200),
        new("catalog", "catalog-api", "GET", "/products/{id}/reviews", 4, 30, 0.8, 8_000, QueryName: "page"),
        new("catalog", "catalog-api", "GET", "/categories", 5, 6, 0.4, 2_600),
        new("catalog", "catalog-api", "GET", "/categories/{id}/products", 6, 32, 0.6, 20_000, QueryName: "page"),
        new("catalog", "catalog-api", "PUT", "/products/{id}", 0.3, 70, 0.5, 3_200, 2_500),
        new("accounts", "accounts-api", "GET", "/users/me", 8, 7, 0.4, 900),
        new("accounts", "accounts-api", "GET", "/users/{id}", 2, 10, 0.5, 950),
        new("accounts", "accounts-api", "PATCH", "/users/{id}", 0.5, 45, 0.5, 950, 300),
        new("accounts", "accounts-api", "POST", "/users", 0.4, 120, 0.5, 950, 500),
        new("accounts", "accounts-api", "POST", "/sessions", 3, 95, 0.35, 1_100, 200),
        new("accounts", "accounts-api", "DELETE", "/sessions/{id}", 1, 8, 0.4, 0),
        new("search", "search-api", "GET", "/search", 10, 55, 0.9, 16_000, QueryName: "q"),
        new("search", "search-api", "GET", "/search/suggest", 14, 4, 0.6, 600, QueryName: "q"),
        new("search", "search-api", "POST", "/search/reindex", 0.05, 2_500, 0.6, 200, 100),
        new("shipping", "shipping-api", "GET", "/shipments/{id}", 2, 16, 0.5, 1_400),
        new("shipping", "shipping-api", "POST", "/shipments", 1, 150, 0.5, 1_300, 800),
        new("shipping", "shipping-api", "GET", "/shipments/{id}/tracking", 3, 190, 0.9, 3_000),
        new("shipping", "shipping-api", "GET", "/rates", 1.5, 260, 0.7, 1_800),
    ];

    /// <summary>The API keys that call, most active first; their shares fall as 1/rank.</summary>
    public static IReadOnlyList<string> Consumers { get; } =
    [
        "key:web-storefront", "key:mobile-ios", "key:mobile-android", "key:partner-acme", "key:partner-globex",
        "key:partner-initech", "key:partner-umbrella", "key:batch-importer", "key:reporting", "key:billing-sync",
        "key:warehouse", "key:crm-sync", "key:support-desk", "key:marketing-feed", "key:fraud-check",
        "key:price-watcher", "key:inventory-bot", "key:admin-console", "key:ci-smoke-tests", "key:data-export",
    ];

    /// <summary>The share of requests without a principal (anonymous callers).</summary>
    public const double AnonymousShare = 0.08;

    /// <summary>The share of requests answered with a status of 400 or more.</summary>
    public const double ErrorShare = 0.05;

    /// <summary>The share of the errors that are client errors (4xx); the rest are 5xx.</summary>
    public const double ClientErrorShare = 0.7;

    /// <summary>Client errors, repeated by how often they occur.</summary>
    public static IReadOnlyList<int> ClientErrors { get; } = [400, 401, 403, 404, 404, 404, 409, 422, 429];

    /// <summary>Server errors, repeated by how often they occur.</summary>
    public static IReadOnlyList<int> ServerErrors { get; } = [500, 500, 502, 503, 504];

    public static IReadOnlyList<string> UserAgents { get; } =
    [
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        "okhttp/4.12.0",
        "python-requests/2.32.3",
        "Go-http-client/2.0",
        "curl/8.11.0",
    ];

    public static IReadOnlyList<string> SearchTerms { get; } =
        ["shoes", "laptop", "coffee", "desk", "lamp", "backpack", "headphones", "tent", "bike", "kettle"];
}
