#if canImport(Glibc)
import Glibc
#endif

/// One series' verify: reads our 1h (and 1d) series, gets Dukascopy's own candles for the months (and
/// years) they cover, from cache/reference/ or the server, compares them at the same UTC instants, lists
/// every difference and writes the result file.
public struct VerifyRun {
    /// The series compared, with Dukascopy's candles of its side.
    public var series: Series
    public var dataDirectory: String
    public var cacheDirectory: String
    public var scale: Int
    public var alignment: TimeAlignment
    /// First and last UTC day to compare, inclusive; nil: from our first candle / up to our last one.
    public var from: CivilDate?
    public var to: CivilDate?
    public var today: CivilDate
    public var urls: JettaURL
    public var client: JettaClient

    public var resultPath: String { "\(dataDirectory)/verify/\(series.fileName).txt" }
    func seriesPath(_ tf: String) -> String { "\(dataDirectory)/resample/\(tf)/\(series.fileName).csv" }
    func dayFile(_ utcSeconds: Int64) -> String {
        DayFile(symbol: series.fileName, date: CivilDate(daysSinceEpoch: utcSeconds / 86_400)).datedPath(root: cacheDirectory, extension: "json")
    }

    /// Runs the comparison; prints each difference on stdout, returns the result (also written to `resultPath`).
    public func run() throws -> VerifyResult {
        let hoursPath = seriesPath("1h")
        guard FileSystem.exists(hoursPath) else {
            throw OHLCVError(.noInput(path: hoursPath), file: hoursPath)
        }
        let hours = try readSeries(hoursPath)
        guard let lastHour = hours.last else {
            throw OHLCVError(.badCSV(.nothingToVerify), file: hoursPath)
        }
        // Our last candle is the open one, still growing: it and everything after it are not compared; nor is
        // today, which Dukascopy's own candles do not hold whole either.
        let firstDay = from ?? CivilDate(daysSinceEpoch: FileTime.utcSeconds(hours[0].time, alignment) / 86_400)
        let endDay = min((to ?? today).adding(days: 1), today)
        let untilHours = min(endDay.daysSinceEpoch * 86_400, FileTime.utcSeconds(lastHour.time, alignment))
        let lastDay = CivilDate(daysSinceEpoch: (untilHours - 1) / 86_400)
        guard firstDay <= lastDay else {
            throw OHLCVError(.usage("nothing to compare: the range \(firstDay) .. \(lastDay) is empty (our candles run from "
                + "\(TimestampText.string(hours[0].time)) to the open one at \(TimestampText.string(lastHour.time)), file time)"))
        }
        var result = VerifyResult(symbol: series.fileName, firstDay: firstDay, lastDay: lastDay, hoursCompared: 0, hoursDiffering: 0,
                                  daysCompared: nil, daysDiffering: nil, daysNote: nil, differingDays: [], requests: 0,
                                  verdict: .pass, checkedAt: 0)
        var differing = Set<CivilDate>()
        var lines: [String] = []
        // Ours against Dukascopy's candles of one resolution from firstDay to `until`; each difference is
        // recorded: its cached day, and its line with both candles.
        func compare(_ ours: [Candle], _ resolution: ReferencePeriod.Resolution, until: Int64,
                     minutesPerCandle: Int) throws -> CandleComparison.Outcome {
            let theirs = try reference(resolution, firstDay: firstDay, endDay: lastDay.adding(days: 1))
            let outcome = CandleComparison.compare(ours: ours, theirs: theirs, from: firstDay.daysSinceEpoch * 86_400,
                                                   until: until, scale: scale, minutesPerCandle: minutesPerCandle)
            for d in outcome.differences {
                differing.insert(CivilDate(daysSinceEpoch: d.time / 86_400))
                lines.append(d.line(series: series, resolution: resolution, scale: scale, alignment: alignment, dayFile: dayFile(d.time)))
            }
            return outcome
        }

        if FileTime.hoursAlign(alignment) {
            let ours = hours.map { Candle(time: FileTime.utcSeconds($0.time, alignment), open: $0.open, high: $0.high, low: $0.low,
                                          close: $0.close, volume: $0.volume) }
            let outcome = try compare(ours, .hour, until: untilHours, minutesPerCandle: 60)
            result.hoursCompared = outcome.compared
            result.hoursDiffering = outcome.differences.count
        } else {
            result.verdict = .incomparable
            result.daysNote = "the alignment \(alignment) shifts by part of an hour: no candle of ours covers one of Dukascopy's hours; nothing was compared"
        }

        if result.verdict != .incomparable {
            let daysPath = seriesPath("1d")
            if !FileTime.daysAlign(alignment) {
                result.daysNote = "days not compared: under \(alignment) our days are other 24 hours than Dukascopy's UTC days (hours were)"
            } else if !FileSystem.exists(daysPath) {
                result.daysNote = "days not compared: 1d is not among the symbol's timeframes"
            } else {
                let days = try readSeries(daysPath)
                // The last daily candle is the open one.
                let untilDays = min(lastDay.adding(days: 1).daysSinceEpoch * 86_400, days.last?.time ?? 0)
                let outcome = try compare(days, .day, until: untilDays, minutesPerCandle: 1_440)
                result.daysCompared = outcome.compared
                result.daysDiffering = outcome.differences.count
            }
        }
        ToolMain.printOut(lines.map { $0 + "\n" }.joined())
        result.differingDays = differing.sorted()
        if result.verdict == .pass && (result.hoursDiffering > 0 || (result.daysDiffering ?? 0) > 0) { result.verdict = .fail }
        result.requests = client.counts.requests
        result.checkedAt = Int64(time(nil))
        try withErrorContext(file: resultPath) { try AtomicFile.replace(resultPath, with: Array(result.text.utf8)) }
        return result
    }

    func readSeries(_ path: String) throws -> [Candle] {
        try withErrorContext(file: path) {
            let fd = try FileDescriptor.open(path, .readOnly)
            defer { fd.close() }
            let reader = try CandleCSVReader(fd: fd, scale: scale)
            var rows: [Candle] = []
            while let c = try reader.next() { rows.append(c) }
            return rows
        }
    }

    /// Dukascopy's candles of `resolution` for the UTC days [firstDay, endDay), in time order.
    func reference(_ resolution: ReferencePeriod.Resolution, firstDay: CivilDate, endDay: CivilDate) throws -> [Candle] {
        var all: [Candle] = []
        for period in ReferencePeriod.covering(firstDay: firstDay, endDay: endDay, resolution: resolution) {
            all += try candles(of: period)
        }
        return all
    }

    /// A final period comes from the cache when it is there; anything else is asked for, and kept (verbatim,
    /// atomically) only once it validated.
    func candles(of period: ReferencePeriod) throws -> [Candle] {
        let path = period.cachePath(cacheDirectory: cacheDirectory, series: series)
        if period.isFinal(today: today), FileSystem.exists(path) {
            let bytes = try withErrorContext(file: path) { try FileSystem.readAll(path) }
            if let cached = try? period.candles(bytes, scale: scale) { return cached }
            // A cached answer that no longer validates (another DECIMALS, a damaged file) is asked for again.
        }
        let url = period.url(urls, series)
        switch try client.fetch(url: url, validate: { bytes in try withErrorContext(file: url) { try period.candles(bytes, scale: scale) } }) {
        case .tooLate:
            return []      // a period that has not begun on the server's clock: nothing to compare with
        case let .body(bytes, candles):
            try withErrorContext(file: path) { try AtomicFile.replace(path, with: bytes) }
            return candles
        }
    }
}
