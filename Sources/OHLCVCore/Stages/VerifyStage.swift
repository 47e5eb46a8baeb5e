import FoundationEssentials

/// `ohlcv-verify`: compares one symbol's hourly and daily candles with Dukascopy's own (docs/verify.md).
public enum VerifyStage: Stage {
    public static let name = "verify"

    public static let usage = """
    ohlcv-verify \(ToolMain.version): compare our candles with Dukascopy's own hourly and daily candles.

    Usage:
      ohlcv-verify --symbol SYM --data-dir DIR --cache-dir DIR [options]

    Reads DIR/resample/1h/SYM.csv (and 1d/SYM.csv when there), asks the server for Dukascopy's hourly candles
    (one request per month: /v1/candles/hour/CODE/SIDE/Y/M) and daily candles (one per year:
    /v1/candles/day/CODE/SIDE/Y) of the series' side, and compares them at the same UTC instants. Prices must be equal; volumes
    within 1e-6 × max(1, volume) plus half a unit of DECIMALS per minute of the candle. A candle that only one
    side has is a difference. Each difference goes to stdout, with both candles (ours in our file's time
    base, Dukascopy's in UTC) and the cached day that holds it:
      BTC-USD hour 2023-02-05 13:00:00 UTC: prices differ: ours 2023-02-05 13:00:00,…; Dukascopy …; day cache/2023/02/BTC-USD_20230205.json
    Our last candle (the open one) and today are not compared. Hours are compared under any alignment of
    whole hours (a fixed shift, ny-close); days only under UTC; a shift of part of an hour compares nothing
    (result incomparable, status 0, and said on stderr).

    The answers are kept verbatim in CACHE/reference/hour/SYM/YYYY-MM.json and CACHE/reference/day/SYM/YYYY.json;
    a month or year that ended before yesterday is never asked for again.
    The result goes to DIR/verify/SYM.txt (key=value lines, docs/verify.md), replaced atomically; a summary
    line goes to stderr.

    Options:
      --symbol SYM          the series, in its file-name form: EUR-USD (the bid), EUR-USD@ASK (the ask)
      --data-dir DIR        the pipeline's data directory (reads resample/, writes verify/)
      --cache-dir DIR       the cache (the answers go to DIR/reference/)
    \(DecimalsOption.help(column: 24, "the symbol's DECIMALS (\(DecimalsOption.defaultText))"))
    \(AlignmentOption.help(column: 24, "\(AlignmentOption.valuesText) (default utc)"))
      --from YYYY-MM-DD     first UTC day to compare (default: the day of our first candle)
      --to YYYY-MM-DD       last UTC day to compare (default: up to our open candle, and before today)
      --today YYYY-MM-DD    take this as the current UTC day (default: the clock; env OHLCV_TODAY)
      --base-url URL        API base (default: env OHLCV_BASE_URL, else \(JettaURL.defaultBase))
      --rate R              at most R requests per second, retries included (default 5)
      --timeout S           seconds allowed for one whole request (default 20)
      --retries N           retries per request, as ohlcv-fetch (default 5)
      --help, --version

    Status 65 when any candle differs (the ABORT line counts them); the other statuses as below.
    """

    public static let valuedOptions: Set<String> = [
        "symbol", "data-dir", "cache-dir", DecimalsOption.name, AlignmentOption.name, "from", "to", "today", "base-url", "rate", "timeout", "retries",
    ]
    public static let flagOptions: Set<String> = []

    public struct Options {
        /// The series compared: `EUR-USD` (bid) or `EUR-USD@ASK`, against Dukascopy's candles of the same side.
        public var series: Series
        public var dataDirectory: String
        public var cacheDirectory: String
        public var decimals: Int
        public var alignment: TimeAlignment
        public var from: CivilDate?
        public var to: CivilDate?
        public var today: CivilDate
        public var urls: JettaURL
        public var rate: Double
        public var timeoutSeconds: Double
        public var retries: Int
    }

    public static func options(from raw: RawArguments) throws -> Options {
        guard raw.positionals.isEmpty else { throw OHLCVError(.usage("unexpected argument '\(raw.positionals[0])' (see --help)")) }
        func required(_ name: String) throws -> String {
            guard let v = try raw.value(name), !v.isEmpty else { throw OHLCVError(.usage("--\(name) is required")) }
            return v
        }
        func date(_ name: String) throws -> CivilDate? {
            guard let text = try raw.value(name), !text.isEmpty else { return nil }
            guard text.count == 10, let d = CivilDate(parsing: text) else { throw OHLCVError(.usage("--\(name) must be YYYY-MM-DD, not '\(text)'")) }
            return d
        }
        let urls = try raw.jettaURLs()
        let today = try raw.today()
        let from = try date("from"), to = try date("to")
        if let from, let to, to < from { throw OHLCVError(.usage("--to \(to) is before --from \(from)")) }
        return Options(series: try Series(parsing: try required("symbol")), dataDirectory: try required("data-dir"),
                       cacheDirectory: try required("cache-dir"), decimals: try DecimalsOption(raw).value,
                       alignment: try AlignmentOption(raw).value ?? .utc, from: from, to: to, today: today,
                       urls: urls, rate: try FetchStage.positiveNumber(raw, "rate", default: 5, max: 1000),
                       timeoutSeconds: try FetchStage.positiveNumber(raw, "timeout", default: 20, max: 3600),
                       retries: try raw.int("retries", default: 5, range: 0...20))
    }

    public static func run(_ o: Options) throws {
        let http = HTTPClients.client(timeoutSeconds: o.timeoutSeconds, maxConnections: 1, ignoreProxyEnvironment: o.urls.isLoopback)
        defer { http.invalidate() }
        let client = JettaClient(http: http, limiter: RateLimiter(requestsPerSecond: o.rate), policy: RetryPolicy(retries: o.retries))
        let run = VerifyRun(series: o.series, dataDirectory: o.dataDirectory, cacheDirectory: o.cacheDirectory, scale: o.decimals,
                            alignment: o.alignment, from: o.from, to: o.to, today: o.today, urls: o.urls, client: client)
        let result = try withErrorContext(symbol: o.series.fileName) { try run.run() }
        Terminal.printLine(result.summary)
        if let note = result.daysNote { Terminal.printLine("verify: \(o.series.fileName): \(note)") }
        if result.verdict == .fail {
            let days = result.differingDays.count
            throw OHLCVError(.verifyDiffers(hours: result.hoursDiffering, days: result.daysDiffering ?? 0, cachedDays: days),
                file: run.resultPath).with(symbol: o.series.fileName)
        }
    }
}
