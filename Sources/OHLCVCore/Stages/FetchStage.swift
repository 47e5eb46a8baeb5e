import Foundation

/// `ohlcv-fetch`: downloads day payloads from the Jetta JSON API (SPEC §2) into the cache and the temp dir,
/// or, as a filter, one day to stdout. Every payload is validated in full before a byte of it is written.
public enum FetchStage: Stage {
    public static let name = "fetch"

    public static let usage = """
    ohlcv-fetch \(ToolMain.version): download 1-minute candles from Dukascopy's JSON API.

    Usage:
      ohlcv-fetch [options] SYMBOL DATE
          Filter mode: write the day's payload (JSON, exactly as the server sent it) to stdout, after
          validating it in full; nothing is written if it fails. DATE is YYYY-MM-DD; today gives the
          still-open day so far.
      ohlcv-fetch --cache-dir DIR --temp-dir DIR --start YYYY-MM-DD [options] SYMBOL...
          Batch mode (what make calls, once for all symbols): download every finished day from --start to
          yesterday whose cache file DIR/YYYY/MM/SYM_YYYYMMDD.json is missing, and refresh today's growing
          day as TEMPDIR/SYM_YYYYMMDD.json (rewritten only when its bytes change). When a finished day is
          cached, TEMPDIR/SYM_<day>.json and .csv are removed. SYMBOL is the file-name form (EUR-USD, EURUSD,
          DEU.IDX-EUR). Files are replaced atomically: a killed run never leaves a partial file.

    Options:
      --cache-dir DIR       cache of finished days (batch mode)
      --temp-dir DIR        growing days (batch mode)
      --start YYYY-MM-DD    first day to keep (batch mode)
      --today YYYY-MM-DD    take this as the current UTC day (default: the clock; env OHLCV_TODAY)
      --base-url URL        API base (default: env OHLCV_BASE_URL, else \(JettaURL.defaultBase))
      --rate R              at most R requests per second in total, retries included (default 5)
      --concurrency N       requests in flight at once, 1-64 (default 4)
      --timeout S           seconds allowed for one whole request (default 20)
      --retries N           retries per request on 429, 5xx, 202 bot challenge, timeout, reset,
                            truncated or invalid body; exponential backoff with jitter, Retry-After
                            honoured up to 120 s (default 5)
      --list-symbols FILE   check a symbols file (one symbol a line; bad lines are errors naming the line)
                            and print each symbol's file-name form; make uses it to validate symbols.txt
      --recheck-days N      also re-fetch the cached days among the last N UTC days and replace those whose
                            candles changed, printing "SYM YYYY-MM-DD: K candles changed" on stdout
                            (default 0; make rebuild-weekly uses 7)
      --help, --version

    Rate cap: one cap per process, shared by all workers. make runs a single ohlcv-fetch for all symbols
    under data/locks/run.lock, so the cap is the machine's total.

    Days the server calls "From time is too late": fine for yesterday (kept as a growing day, retried on the
    next run); for an older day the run stops (exit 69), as for an unknown instrument.
    Empty days: weekends and holidays are cached like any day. An empty day on a weekday that the symbol
    trades (judged from the same weekday in the weeks around it) is re-fetched; if it stays empty it is not
    cached while younger than 7 days, and is reported on stderr; once older, it is accepted as a holiday.

    Output: progress on stderr when it is a terminal; otherwise one summary line on stderr, e.g.
      fetch: 2 symbols, 730 days fetched, 2 growing days updated (0 unchanged), 0 failed, 732 requests (0 retries), 5.0 req/s, 146.4 s
    """

    public static let valuedOptions: Set<String> = [
        "cache-dir", "temp-dir", "start", "today", "base-url", "rate", "concurrency", "timeout", "retries",
        "recheck-days", "list-symbols",
    ]
    public static let flagOptions: Set<String> = []

    public enum Mode: Equatable {
        case filter(Symbol, CivilDate)
        case batch(symbols: [Symbol], layout: CacheLayout, start: CivilDate, recheckDays: Int)
        /// Validates a symbols file and prints the file-name form of each symbol (make's symbol list).
        case listSymbols(path: String)
    }

    public struct Options {
        public var mode: Mode
        public var urls: JettaURL
        public var today: CivilDate
        public var rate: Double
        public var concurrency: Int
        public var timeoutSeconds: Double
        public var retries: Int
    }

    public static func options(from raw: RawArguments) throws -> Options {
        let env = ProcessInfo.processInfo.environment
        let urls = try JettaURL(base: try raw.value("base-url") ?? env["OHLCV_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? JettaURL.defaultBase)
        let today: CivilDate
        if let text = try raw.value("today") ?? env["OHLCV_TODAY"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let d = CivilDate(parsing: text) else { throw OHLCVError(.usage("--today must be YYYY-MM-DD, not '\(text)'")) }
            today = d
        } else {
            today = CivilDate(daysSinceEpoch: Int64(time(nil)) / 86_400)
        }
        let rate = try positiveNumber(raw, "rate", default: 5, max: 1000)
        let timeout = try positiveNumber(raw, "timeout", default: 20, max: 3600)
        let concurrency = try raw.int("concurrency", default: 4, range: 1...64)
        let retries = try raw.int("retries", default: 5, range: 0...20)
        let recheckDays = try raw.int("recheck-days", default: 0, range: 0...3660)

        let mode: Mode
        if let list = try raw.value("list-symbols") {
            mode = .listSymbols(path: list)
        } else if let cache = try raw.value("cache-dir") {
            guard let temp = try raw.value("temp-dir") else { throw OHLCVError(.usage("batch mode needs --temp-dir")) }
            guard let startText = try raw.value("start") else { throw OHLCVError(.usage("batch mode needs --start YYYY-MM-DD")) }
            guard let start = CivilDate(parsing: startText) else { throw OHLCVError(.usage("--start must be YYYY-MM-DD, not '\(startText)'")) }
            if start > today { throw OHLCVError(.usage("--start \(start) is after today (\(today))")) }
            guard !raw.positionals.isEmpty else { throw OHLCVError(.usage("name at least one SYMBOL")) }
            var symbols: [Symbol] = []
            for word in raw.positionals {
                let s = try Symbol(parsing: word)
                if symbols.contains(where: { $0.fileName == s.fileName }) { throw OHLCVError(.usage("symbol \(word) given twice")) }
                symbols.append(s)
            }
            mode = .batch(symbols: symbols, layout: CacheLayout(cacheDirectory: cache, tempDirectory: temp),
                          start: start, recheckDays: recheckDays)
        } else {
            for batchOnly in ["temp-dir", "start", "recheck-days"] where try raw.value(batchOnly) != nil {
                throw OHLCVError(.usage("--\(batchOnly) needs --cache-dir (batch mode)"))
            }
            guard raw.positionals.count == 2 else {
                throw OHLCVError(.usage("expected SYMBOL DATE, or batch mode with --cache-dir (see --help)"))
            }
            let symbol = try Symbol(parsing: raw.positionals[0])
            guard let day = CivilDate(parsing: raw.positionals[1]) else {
                throw OHLCVError(.usage("DATE must be YYYY-MM-DD, not '\(raw.positionals[1])'"))
            }
            if day > today { throw OHLCVError(.usage("\(day) is after today (\(today))")) }
            mode = .filter(symbol, day)
        }
        return Options(mode: mode, urls: urls, today: today, rate: rate, concurrency: concurrency,
                       timeoutSeconds: timeout, retries: retries)
    }

    static func positiveNumber(_ raw: RawArguments, _ name: String, default fallback: Double, max: Double) throws -> Double {
        guard let text = try raw.value(name) else { return fallback }
        guard let v = Double(text), v > 0, v <= max else {
            throw OHLCVError(.usage("--\(name) must be a number above 0 and at most \(formatSeconds(max)), not '\(text)'"))
        }
        return v
    }

    public static func run(_ options: Options) throws {
        let http = HTTPFetcher(timeoutSeconds: options.timeoutSeconds, maxConnections: options.concurrency,
                               ignoreProxyEnvironment: options.urls.isLoopback)
        defer { http.invalidate() }
        let client = JettaClient(http: http, limiter: RateLimiter(requestsPerSecond: options.rate),
                                 policy: RetryPolicy(retries: options.retries))
        if case .listSymbols(let path) = options.mode {
            let text = String(decoding: try withErrorContext(file: path) { try FileSystem.readAll(path) }, as: UTF8.self)
            let symbols = try Symbol.parseList(text, file: path)
            ToolMain.printOut(symbols.map { $0.fileName + "\n" }.joined())
            return
        }
        switch options.mode {
        case .listSymbols: return
        case let .filter(symbol, day):
            let url = day == options.today ? options.urls.openDay(symbol.code, day) : options.urls.historicalDay(symbol.code, day)
            let answer = try withErrorContext(symbol: symbol.fileName) {
                try client.fetchDay(url: url, dayStartMilliseconds: JettaURL.startMilliseconds(of: day))
            }
            switch answer {
            case .tooLate:
                throw OHLCVError(.notPublishedYet("the server has not published \(symbol.code) \(day) yet (\"From time is too late\"); try again later"))
            case .payload(let bytes, _):
                try FileDescriptor.standardOutput.writeAll(bytes)
            }
        case let .batch(symbols, layout, start, recheckDays):
            let run = BatchFetch(client: client, urls: options.urls, layout: layout, today: options.today,
                                 concurrency: options.concurrency)
            try run.run(symbols: symbols, start: start, recheckDays: recheckDays)
        }
    }
}
