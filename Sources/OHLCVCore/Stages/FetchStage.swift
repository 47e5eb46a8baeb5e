import FoundationEssentials

/// `ohlcv-fetch`: downloads day payloads from the Jetta JSON API (behaviour §2) into the cache and the temp dir,
/// or, as a filter, one day to stdout. Every payload is validated in full before a byte of it is written.
public enum FetchStage: Stage {
    public static let name = "fetch"

    public static let usage = """
    ohlcv-fetch \(ToolMain.version): download 1-minute candles from Dukascopy's JSON API.

    Usage:
      ohlcv-fetch [--side BID|ASK] [options] SYMBOL DATE
          Filter mode: write the day's payload (JSON, exactly as the server sent it) to stdout, after
          validating it in full; nothing is written if it fails. DATE is YYYY-MM-DD; today gives the
          still-open day so far. The side is BID unless --side ASK, or SYMBOL is a series name (EUR-USD@ASK).
      ohlcv-fetch --cache-dir DIR --temp-dir DIR --start YYYY-MM-DD [--side SIDE]... [options] SERIES...
          Batch mode (what make calls, once for all series): download every finished day from --start to
          yesterday whose cache file DIR/YYYY/MM/SER_YYYYMMDD.json is missing, and refresh today's growing
          day as TEMPDIR/SER_YYYYMMDD.json (rewritten only when its bytes change). When a finished day is
          cached, TEMPDIR/SER_<day>.json and .csv are removed. SERIES is a series name: a symbol in its
          file-name form (EUR-USD, EURUSD, DEU.IDX-EUR) for the sides of --side (BID when none), or a
          symbol with its side (EUR-USD@ASK); SER is the series' file name, the symbol for BID and
          SYMBOL@ASK for ASK (EUR-USD_20251126.json, EUR-USD@ASK_20251126.json). Files are replaced
          atomically: a killed run never leaves a partial file.
      ohlcv-fetch --instruments [--cache-dir DIR] [--refresh] [--catalogue-snapshot FILE] [QUERY]
          The instruments whose code or description contains QUERY (any letter case; all without QUERY):
          code, description, pip value and first minute day, from the catalogue (see Instruments below).

    Options:
      --side SIDE           BID or ASK, any letter case: the side of the plain symbol words; repeatable in
                            batch mode (--side BID --side ASK EUR-USD fetches both); default BID
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
                            and print each symbol's file-name form (make itself uses ohlcv-config)
      --recheck-days N      also re-fetch the cached days among the last N UTC days and replace those whose
                            candles changed, printing "SYM YYYY-MM-DD: C changed, A added, R removed; replaced"
                            on stdout (default 0; make rebuild-weekly uses 7)
      --recheck-list FILE   batch mode, instead of the usual days: only the days listed in FILE, one
                            "SERIES YYYY-MM-DD" a line (make verify REPAIR=1 writes it), re-checked like
                            --recheck-days days when cached, fetched when missing
      --held-dir DIR        where answers that would remove candles are held back (default: held next to
                            --temp-dir, so data/held for make); no stage reads it
      --list-held           with --cache-dir, --temp-dir and SERIES...: print each held-back day, compared
                            with the cached (or growing) day it would replace
      --accept-held DAY|all with --cache-dir, --temp-dir and SERIES...: move the held-back answer of DAY
                            (YYYY-MM-DD), or every one, into the cache; the next pipeline run propagates it
      --check-instruments   batch mode (make uses it): before any day is requested, read each symbol's
                            instrument metadata (see Instruments): an unknown instrument stops the run
                            (exit 69) before anything is downloaded; a symbol starts at the later of --start
                            and its first data; its trading schedule judges empty and short days
      --symbols-file FILE   with --check-instruments: the symbols file, so that an error names its line
      --symbol-start SYM=YYYY-MM-DD
                            the first day of SYM, used as it is (START_DATE_<SYM>); repeatable
      --instruments         list the catalogue (see the usage above)
      --refresh             ask the server again even if the cached metadata is younger than 7 days
      --catalogue-snapshot FILE
                            the catalogue shipped with ohlcv (make passes catalogue/instruments.tsv), used
                            when neither the server nor the cache can answer
      --help, --version

    Instruments: /v1/instruments/{CODE} gives one instrument's histories (first tick, minute, hour, day),
    trading schedule, holidays and time zone; it is cached as CACHE_DIR/instruments/CODE.json. /v1/instruments
    (assumed to be an array of such objects: no answer was ever recorded; another shape stops with exit 65) is
    cached as CACHE_DIR/instruments/catalogue.tsv. A cached file younger than 7 days is used as it is; an older
    one (or any, with --refresh) is asked again. When the server cannot answer, an older cached copy is used,
    then the snapshot. The first data day is the day of the LATEST of the tick, minute, hour and day starts
    (one field is not trusted: BTC-USD says minutes from 2000-01-01 but ticks, hours and days from 2017-05-07).
    Without metadata (404, 5xx, network) the run says so and goes on from --start, judging empty days by the
    weekday heuristic below. Metadata that does not parse stops the run (exit 65).

    Rate cap: one cap per process, shared by all workers. make runs a single ohlcv-fetch for all symbols
    under data/locks/run.lock, so the cap is the machine's total.

    Days the server calls "From time is too late": fine for yesterday (kept as a growing day, retried on the
    next run); for an older day the run stops (exit 69), as for an unknown instrument.
    Empty days: weekends and holidays are cached like any day. With --check-instruments and metadata, the
    instrument's trading schedule and holidays decide: a day they say is closed is cached as empty; an empty
    day they say is open, or a day whose candles leave over 2 h of the scheduled hours uncovered at its start
    or end (short), is suspicious. Without metadata, an empty day on a weekday that the symbol trades (judged
    from the same weekday in the weeks around it) is suspicious. A suspicious day is re-fetched; if it stays
    empty or short it is not cached while younger than 7 days, and is reported on stderr; once older, it is
    cached as it is (a holiday).

    Held-back days: a re-fetched finished day (a --recheck-days day, or yesterday's final answer at the
    midnight rollover) that lacks candles the cached or growing day has is never written over it. The day on
    disk stays, the answer goes to the held dir, and stderr says, prefixed "fetch: HELD BACK: ", how many
    candles it would change, add and remove. An empty answer is one such case. The run still exits 0; its
    summary line, and every later one, says "N held-back days awaiting `make accept-held`" until the days
    are accepted (--accept-held) or the server sends a day without missing candles again.

    Output on stderr: before the first request, how many requests the run makes and about how long they take
    at the rate cap (just the count when under 10 s), e.g.
      fetch: 2 symbols, 732 days to fetch: 732 requests, about 2 min 27 s at 5 requests/s
    then, on a terminal, a progress line (done/total, %, req/s, ETA), and at the end one summary line:
      fetch: 2 symbols, 730 days fetched, 2 growing days updated (0 unchanged), 0 failed, 732 requests (0 retries), 5.0 req/s, 146.4 s
    When the run has an ASK series, both lines count the series and the requests per side (retries included;
    instrument requests, on neither side, as "metadata N"), e.g.
      fetch: 2 symbols, 3 series (BID 2, ASK 1), 1,098 days to fetch: 1,098 requests (BID 732, ASK 366), about 3 min 40 s at 5 requests/s
      fetch: 2 symbols, 3 series (BID 2, ASK 1), 1,095 days fetched, …, 1099 requests (BID 733, ASK 366; 1 retries), 5.0 req/s, 220.1 s
    When a request fails the run stops (the days in flight finish); the summary counts the days failed and not
    attempted, the next line names each failed day and why (the first 10, then "and N more"), and the ABORT
    line with the first failure in full comes last:
      fetch: failed: EUR-USD 2026-07-13 (gave up after 6 attempts: 503 ×6), BTC-USD@ASK 2026-07-12 (…)
    Ctrl-C (SIGINT) or SIGTERM while the progress line is shown ends the line and exits 130 or 143.
    """

    public static let valuedOptions: Set<String> = [
        "side", "cache-dir", "temp-dir", "start", "today", "base-url", "rate", "concurrency", "timeout", "retries",
        "recheck-days", "list-symbols", "held-dir", "accept-held", "symbols-file", "symbol-start", "catalogue-snapshot", "recheck-list",
    ]
    public static let flagOptions: Set<String> = ["list-held", "instruments", "refresh", "check-instruments"]

    /// Every mode that reads or writes day files works on series (`EUR-USD`, `EUR-USD@ASK`): a symbol's sides are
    /// series of their own, with their own files (`Series.fileName`).
    public enum Mode: Equatable {
        case filter(Series, CivilDate)
        case batch(series: [Series], layout: CacheLayout, start: CivilDate, recheckDays: Int)
        /// Validates a symbols file and prints the file-name form of each symbol (make's symbol list).
        case listSymbols(path: String)
        /// Prints the held-back days of the series.
        case listHeld(series: [Series], layout: CacheLayout)
        /// Moves held-back answers into the cache: one day, or every held day when `day` is nil.
        case acceptHeld(series: [Series], layout: CacheLayout, day: CivilDate?)
        /// Prints the catalogue entries matching the query (all for nil).
        case instruments(query: String?, cacheDirectory: String?)
    }

    /// Batch mode's instrument check (`--check-instruments`).
    public struct InstrumentCheck: Equatable {
        public var symbolsFile: String?
    }

    public struct Options {
        public var mode: Mode
        public var urls: JettaURL
        public var today: CivilDate
        public var rate: Double
        public var concurrency: Int
        public var timeoutSeconds: Double
        public var retries: Int
        public var instrumentCheck: InstrumentCheck? = nil
        /// `--symbol-start`: instrument code → first day, used as it is.
        public var symbolStarts: [String: CivilDate] = [:]
        public var snapshot: String? = nil
        public var refresh = false
        /// --recheck-list: the only days to fetch, per symbol (file-name form).
        public var recheckList: [String: [CivilDate]]? = nil
    }

    public static func options(from raw: RawArguments) throws -> Options {
        let env = ProcessInfo.processInfo.environment
        let urls = try raw.jettaURLs()
        let today = try raw.today()
        let rate = try positiveNumber(raw, "rate", default: 5, max: 1000)
        let timeout = try positiveNumber(raw, "timeout", default: 20, max: 3600)
        let concurrency = try raw.int("concurrency", default: 4, range: 1...64)
        let retries = try raw.int("retries", default: 5, range: 0...20)
        let recheckDays = try raw.int("recheck-days", default: 0, range: 0...3660)

        let symbolStarts = try symbolStarts(raw, today: today)
        let mode = try mode(raw, today: today, recheckDays: recheckDays)
        var options = Options(mode: mode, urls: urls, today: today, rate: rate, concurrency: concurrency,
                              timeoutSeconds: timeout, retries: retries)
        options.symbolStarts = symbolStarts
        options.snapshot = try raw.value("catalogue-snapshot") ?? env["OHLCV_CATALOGUE"].flatMap { $0.isEmpty ? nil : $0 }
        options.refresh = raw.has("refresh")
        if raw.has("check-instruments") {
            guard case .batch = mode else { throw OHLCVError(.usage("--check-instruments goes with batch mode (--cache-dir, --start)")) }
            options.instrumentCheck = InstrumentCheck(symbolsFile: try raw.value("symbols-file"))
        } else if try raw.value("symbols-file") != nil {
            throw OHLCVError(.usage("--symbols-file goes with --check-instruments"))
        }
        if let path = try raw.value("recheck-list") {
            guard case let .batch(series, _, _, _) = mode else { throw OHLCVError(.usage("--recheck-list needs --cache-dir (batch mode)")) }
            options.recheckList = try RecheckList.read(path, series: series)
        }
        return options
    }

    static func positiveNumber(_ raw: RawArguments, _ name: String, default fallback: Double, max: Double) throws -> Double {
        guard let text = try raw.value(name) else { return fallback }
        guard let v = Double(text), v > 0, v <= max else {
            throw OHLCVError(.usage("--\(name) must be a number above 0 and at most \(formatSeconds(max)), not '\(text)'"))
        }
        return v
    }

    public static func run(_ options: Options) throws {
        let http = HTTPClients.client(timeoutSeconds: options.timeoutSeconds, maxConnections: options.concurrency,
                                      ignoreProxyEnvironment: options.urls.isLoopback)
        defer { http.invalidate() }
        let client = JettaClient(http: http, limiter: RateLimiter(requestsPerSecond: options.rate),
                                 policy: RetryPolicy(retries: options.retries))
        switch options.mode {
        case .listSymbols(let path):
            let text = String(decoding: try withErrorContext(file: path) { try FileSystem.readAll(path) }, as: UTF8.self)
            let symbols = try Symbol.parseList(text, file: path)
            ToolMain.printOut(symbols.map { $0.fileName + "\n" }.joined())
        case let .instruments(query, cacheDirectory):
            let source = InstrumentSource(client: client, urls: options.urls, cacheDirectory: cacheDirectory,
                                          snapshot: options.snapshot, refresh: options.refresh)
            let (catalogue, from) = try source.catalogue()
            let found = catalogue.search(query)
            if !found.isEmpty { ToolMain.printOut(Catalogue.table(found)) }
            let what = query.map { "match '\($0)'" } ?? "listed"
            ToolMain.printError("fetch: \(found.count) of \(catalogue.entries.count) instruments \(what) (catalogue: \(from))\n")
        case let .listHeld(series, layout):
            let entries = try HeldDays(layout: layout).entries(series)
            ToolMain.printOut(entries.map { HeldDays.describe($0) + "\n" }.joined())
            if entries.isEmpty { ToolMain.printError("fetch: no held-back days in \(layout.heldDirectory)\n") }
        case let .acceptHeld(series, layout, day):
            let lines = try HeldDays(layout: layout).accept(series, day: day)
            ToolMain.printOut(lines.map { $0 + "\n" }.joined())
            if lines.isEmpty { ToolMain.printError("fetch: no held-back days in \(layout.heldDirectory); nothing to accept\n") }
        case let .filter(series, day):
            let url = day == options.today ? options.urls.openDay(series, day) : options.urls.historicalDay(series, day)
            let answer = try withErrorContext(symbol: series.fileName) {
                try client.fetchDay(url: url, dayStartMillis: JettaURL.startMillis(of: day), side: series.side)
            }
            switch answer {
            case .tooLate:
                let what = series.side == .bid ? series.symbol.code : "\(series.symbol.code) \(series.side)"
                throw OHLCVError(.notPublishedYet(series: what, day: day))
            case .payload(let bytes, _):
                try FileDescriptor.standardOutput.writeAll(bytes)
            }
        case let .batch(series, layout, start, recheckDays):
            let run = BatchFetch(client: client, urls: options.urls, layout: layout, today: options.today,
                                 concurrency: options.concurrency)
            for s in series { run.starts[s.symbol.fileName] = options.symbolStarts[s.symbol.code] }
            if let check = options.instrumentCheck {
                let source = InstrumentSource(client: client, urls: options.urls, cacheDirectory: layout.cacheDirectory,
                                              snapshot: options.snapshot, refresh: options.refresh)
                try run.applyInstrumentMetadata(series, check, source, start: start)
            }
            try run.run(series: series, start: start, recheckDays: recheckDays, recheckList: options.recheckList)
        }
    }
}
