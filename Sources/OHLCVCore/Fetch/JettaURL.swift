/// The two request URLs of the Jetta JSON API (behaviour §2).
public struct JettaURL: Equatable, Sendable {
    public static let defaultBase = "https://jetta.dukascopy.com"
    /// The scheme, host and optional path prefix, without a trailing slash.
    public let base: String

    /// Accepts `http://` and `https://` bases only; a trailing `/` is dropped.
    public init(base: String) throws {
        var b = base
        while b.hasSuffix("/") { b.removeLast() }
        guard b.hasPrefix("http://") || b.hasPrefix("https://"), b.count > "https://".count - 1,
              !b.contains("?"), !b.contains("#"), !b.contains(" ") else {
            throw OHLCVError(.usage("--base-url must be an http:// or https:// URL without query, not '\(base)'"))
        }
        self.base = b
    }

    /// A series' finished UTC day, its symbol's code and its side: `{BASE}/v1/candles/minute/EUR-USD/BID/2025/12/5`,
    /// `…/EUR-USD/ASK/2025/12/5` (month 1-based, no padding).
    public func historicalDay(_ series: Series, _ date: CivilDate) -> String {
        "\(base)/v1/candles/minute/\(series.symbol.code)/\(series.side.rawValue)/\(date.year)/\(date.month)/\(date.day)"
    }

    /// A series' still-open UTC day: `{BASE}/v1/candles/minute/EUR-USD/BID?from=<epoch ms of 00:00 UTC>`.
    public func openDay(_ series: Series, _ date: CivilDate) -> String {
        "\(base)/v1/candles/minute/\(series.symbol.code)/\(series.side.rawValue)?from=\(JettaURL.startMillis(of: date))"
    }

    /// The instrument catalogue: `{BASE}/v1/instruments`.
    public var instrumentList: String { "\(base)/v1/instruments" }

    /// One instrument's details: `{BASE}/v1/instruments/EUR-USD`.
    public func instrument(_ code: String) -> String { "\(base)/v1/instruments/\(code)" }

    /// True when the base names this machine (127.0.0.1, localhost, [::1]): the replay server of tests and demos.
    public var isLoopback: Bool {
        let afterScheme = base.drop(while: { $0 != "/" }).drop(while: { $0 == "/" })
        let hostPort = afterScheme.prefix(while: { $0 != "/" })
        let host = hostPort.hasPrefix("[") ? String(hostPort.prefix(while: { $0 != "]" }).dropFirst())
                                           : String(hostPort.prefix(while: { $0 != ":" }))
        return host == "127.0.0.1" || host == "localhost" || host == "::1"
    }

    public static func startMillis(of date: CivilDate) -> Int64 { date.daysSinceEpoch * 86_400_000 }
}
