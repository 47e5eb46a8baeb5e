#if canImport(Glibc)
import Glibc
#endif

/// `ohlcv-report`: one page on the state of the history (make report; docs/report.md). Reads only; writes the
/// page atomically and a plain-text summary on stdout.
public enum ReportStage: Stage {
    public static let name = "report"

    public static let usage = """
    ohlcv-report: the coverage, row counts and last verify result of each symbol, as one self-contained HTML
    page and a plain-text summary on stdout.

    Usage:
      ohlcv-report [--data-dir D] [--cache-dir C] [--output FILE] SYM[=TF,TF,...] ...
          SYM is a series as its files spell it (EUR-USD, or EUR-USD@ASK for its ask side); TF,TF,... its
          configured timeframes (1m is always counted). Without timeframes, those that have a data/resample/TF/SYM.csv are counted.

    Reads (never writes): C/YYYY/MM/SYM_YYYYMMDD.json (each payload, one at a time), C/instruments/CODE.json
    (the trading schedule; Monday-Friday without it), D/aggregate/1m/SYM.csv (first and last row only),
    D/resample/TF/SYM.csv (rows counted by a byte scan; the last 40 rows of 1d drawn), D/verify/SYM.txt.

    Options:
      --data-dir D     the data directory (default data)
      --cache-dir C    the cache directory (default cache)
      --output FILE    the page (default D/report/index.html), written as FILE.tmp then renamed
      --help           this text
      --version        print the version

    A cached payload that does not parse is reported as an unreadable day, and a file not there yet as not
    built: neither is an error. A file that cannot be read, or a page that cannot be written, stops the run
    (exit 74) and leaves the old page as it was.
    """

    public static let valuedOptions: Set<String> = ["data-dir", "cache-dir", "output"]
    public static let flagOptions: Set<String> = []

    /// The number of daily candles the chart shows: about 8 weeks of trading days.
    public static let chartDays = 40

    public struct Options: Equatable {
        public var dataDir: String
        public var cacheDir: String
        public var output: String
        /// (symbol, its timeframes or nil: discover them).
        public var series: [Series]
        public struct Series: Equatable { public var symbol: String; public var timeframes: [String]? }
    }

    public static func options(from raw: RawArguments) throws -> Options {
        let data = try raw.value("data-dir") ?? "data"
        let cache = try raw.value("cache-dir") ?? "cache"
        guard !raw.positionals.isEmpty else { throw OHLCVError(.usage("name at least one symbol (SYM or SYM=TF,TF,...)")) }
        let series = try raw.positionals.map { word -> Options.Series in
            let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let symbol = String(parts[0])
            guard !symbol.isEmpty, !symbol.contains("/") else { throw OHLCVError(.usage("'\(word)' is not SYM or SYM=TF,TF,...")) }
            let tfs = parts.count == 2 ? parts[1].split(separator: ",").map(String.init) : nil
            for tf in tfs ?? [] {
                do { _ = try Timeframe(parsing: tf) } catch let e as OHLCVError { throw OHLCVError(.usage("\(word): \(e.message)")) }
            }
            return Options.Series(symbol: symbol, timeframes: tfs)
        }
        return Options(dataDir: data, cacheDir: cache, output: try raw.value("output") ?? data + "/report/index.html", series: series)
    }

    public static func run(_ options: Options) throws {
        let days = cachedDayFiles(options.cacheDir, symbols: Set(options.series.map(\.symbol)))
        var reports: [SymbolReport] = []
        for series in options.series {
            let r = try withErrorContext(symbol: series.symbol) {
                try report(series, days: days[series.symbol] ?? [], options: options)
            }
            reports.append(r)
            ToolMain.printOut(r.summary)
        }
        let now = Int64(time(nil))
        let today = CivilDate(daysSinceEpoch: now / 86_400)
        let s = now % 86_400
        let clock = "\(today) " + [s / 3600, s / 60 % 60, s % 60].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: ":")
        let page = ReportPage.html(reports, generated: clock)
        try withErrorContext(file: options.output) { try AtomicFile.replace(options.output, with: Array(page.utf8)) }
        ToolMain.printOut("report: \(options.output)\n")
    }

    /// Every cached day file, by symbol: one walk of C/YYYY/MM/ for all symbols.
    static func cachedDayFiles(_ cache: String, symbols: Set<String>) -> [String: [(CivilDate, String)]] {
        var out: [String: [(CivilDate, String)]] = [:]
        for year in FileSystem.listDirectory(cache) where year.count == 4 && year.allSatisfy(\.isNumber) {
            for month in FileSystem.listDirectory(cache + "/" + year) where month.count == 2 {
                let dir = "\(cache)/\(year)/\(month)"
                for name in FileSystem.listDirectory(dir) where name.hasSuffix(".json") {
                    // SYM_YYYYMMDD.json
                    let stem = name.dropLast(5)
                    guard let us = stem.lastIndex(of: "_") else { continue }
                    let sym = String(stem[..<us]), digits = stem[stem.index(after: us)...]
                    guard symbols.contains(sym), digits.count == 8, let n = Int(digits) else { continue }
                    let day = CivilDate(year: n / 10_000, month: n / 100 % 100, day: n % 100)
                    guard day.isValid else { continue }
                    out[sym, default: []].append((day, dir + "/" + name))
                }
            }
        }
        return out
    }

    static func report(_ series: Options.Series, days: [(CivilDate, String)], options: Options) throws -> SymbolReport {
        let schedule = instrumentSchedule(series.symbol, cache: options.cacheDir)
        let openDays = OpenDays(schedule: schedule)
        var cached: [CivilDate: CachedDay] = [:]
        for (day, path) in days { cached[day] = readDay(path, day) }
        let coverage = Coverage(cached: cached, openDays: openDays)

        let oneMinute = "\(options.dataDir)/aggregate/1m/\(series.symbol).csv"
        let first = try SeriesProbe.firstRow(oneMinute)
        let last = first == nil ? nil : try SeriesProbe.lastRows(oneMinute, count: 1).last
        let timeframes = series.timeframes ?? FileSystem.listDirectory(options.dataDir + "/resample").filter {
            FileSystem.exists("\(options.dataDir)/resample/\($0)/\(series.symbol).csv")
        }
        var rows: [(timeframe: String, rows: Int?)] = [("1m", try SeriesProbe.rowCount(oneMinute))]
        for tf in timeframes where tf != "1m" {
            rows.append((tf, try SeriesProbe.rowCount("\(options.dataDir)/resample/\(tf)/\(series.symbol).csv")))
        }
        let verifyPath = "\(options.dataDir)/verify/\(series.symbol).txt"
        let verify = FileSystem.exists(verifyPath)
            ? VerifySummary(text: String(decoding: try withErrorContext(file: verifyPath) { try FileSystem.readAll(verifyPath) }, as: UTF8.self))
            : nil

        var r = SymbolReport(symbol: series.symbol, firstCandle: first, lastCandle: last, coverage: coverage,
                             openDaysSource: openDays.source, rows: rows, verify: verify, daily: [], dailyNote: nil)
        let dailyPath = "\(options.dataDir)/resample/1d/\(series.symbol).csv"
        if !timeframes.contains("1d") {
            r.dailyNote = "1d is not configured for \(series.symbol): no daily chart (add 1d to its TIMEFRAMES)."
        } else if !FileSystem.exists(dailyPath) {
            r.dailyNote = "\(dailyPath) is not built yet: no daily chart."
        } else {
            let texts = try SeriesProbe.lastRows(dailyPath, count: chartDays)
            let scale = texts.map(decimalsOf).max() ?? 0
            r.daily = texts.compactMap { ChartCandle(row: $0, scale: scale) }
            if let hi = r.daily.max(by: { $0.high < $1.high }), let lo = r.daily.min(by: { $0.low < $1.low }) {
                r.dailyHigh = field(texts, hi.day, 2); r.dailyLow = field(texts, lo.day, 3)
            }
            if r.daily.isEmpty { r.dailyNote = "\(dailyPath) has no rows yet." }
        }
        return r
    }

    /// The most decimals among a row's price fields.
    static func decimalsOf(_ row: String) -> Int {
        row.split(separator: ",").dropFirst().prefix(4).map { f in f.firstIndex(of: ".").map { f.distance(from: $0, to: f.endIndex) - 1 } ?? 0 }.max() ?? 0
    }

    static func field(_ rows: [String], _ day: String, _ i: Int) -> String {
        guard let row = rows.first(where: { $0.hasPrefix(day) }) else { return "" }
        let f = row.split(separator: ",")
        return i < f.count ? String(f[i]) : ""
    }

    /// The schedule from the cached instrument answer (written by fetch), or nil: the weekday fallback.
    /// Both sides of a symbol trade on its one schedule.
    static func instrumentSchedule(_ series: String, cache: String) -> TradingSchedule? {
        guard let sym = (try? Series(parsing: series))?.symbol else { return nil }
        let path = "\(cache)/instruments/\(sym.code).json"
        guard let bytes = try? FileSystem.readAll(path), let info = try? InstrumentInfo(parsing: bytes) else { return nil }
        return info.schedule
    }

    static func readDay(_ path: String, _ day: CivilDate) -> CachedDay {
        do {
            let bytes = try FileSystem.readAll(path)
            let payload = try DayPayload.validate(bytes, dayStartMillis: day.daysSinceEpoch * 86_400_000)
            guard let f = payload.candles.first, let l = payload.candles.last else { return .empty }
            return .candles(first: f.time, last: l.time, count: payload.candles.count)
        } catch {
            return .unreadable("\(error)")
        }
    }
}
