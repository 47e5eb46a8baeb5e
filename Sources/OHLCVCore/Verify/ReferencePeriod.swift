/// One answer of Dukascopy's own aggregated candles (issue #11): a month of hourly candles
/// (`/v1/candles/hour/{CODE}/{SIDE}/{Y}/{M}`) or a year of daily candles (`/v1/candles/day/{CODE}/{SIDE}/{Y}`),
/// SIDE `BID` or `ASK`.
/// The payload has the minute day's shape (behaviour §2) with `shift` 3,600,000 or 86,400,000 ms.
public struct ReferencePeriod: Equatable, Hashable, Sendable, CustomStringConvertible {
    public enum Resolution: String, Sendable { case hour, day }

    public var resolution: Resolution
    public var year: Int
    /// 1...12 for an hour period; nil for a day period (a whole year).
    public var month: Int?

    public static func hours(_ year: Int, _ month: Int) -> ReferencePeriod { .init(resolution: .hour, year: year, month: month) }
    public static func days(_ year: Int) -> ReferencePeriod { .init(resolution: .day, year: year, month: nil) }

    /// Seconds per candle: 3,600 or 86,400.
    public var candleSeconds: Int64 { resolution == .hour ? 3_600 : 86_400 }
    /// Minutes in one candle, for the volume bound (our own rounding of each minute's volume).
    public var minutesPerCandle: Int { Int(candleSeconds / 60) }

    /// First UTC day of the period.
    public var firstDay: CivilDate { CivilDate(year: year, month: month ?? 1, day: 1) }
    /// First UTC day after the period.
    public var endDay: CivilDate {
        if let month { return month == 12 ? CivilDate(year: year + 1, month: 1, day: 1) : CivilDate(year: year, month: month + 1, day: 1) }
        return CivilDate(year: year + 1, month: 1, day: 1)
    }

    /// `2023-02 hours` or `2023 days`.
    public var description: String {
        if let month { return "\(year)-\(month < 10 ? "0" : "")\(month) hours" }
        return "\(year) days"
    }

    /// `{BASE}/v1/candles/hour/BTC-USD/BID/2023/2` (month 1-based, no padding) or `{BASE}/v1/candles/day/BTC-USD/BID/2023`;
    /// `ASK` in place of `BID` for the ask side's series.
    public func url(_ urls: JettaURL, _ series: Series) -> String {
        let path = "\(series.symbol.code)/\(series.side.rawValue)"
        if let month { return "\(urls.base)/v1/candles/hour/\(path)/\(year)/\(month)" }
        return "\(urls.base)/v1/candles/day/\(path)/\(year)"
    }

    /// Where the answer is kept, verbatim: `CACHE/reference/hour/SYM/2023-02.json`, `CACHE/reference/day/SYM/2023.json`,
    /// SYM the series' name (`EUR-USD@ASK` for the ask side's candles). The names never start with `SYM_`, so
    /// that no glob of the pipeline's day files (`SYM_*.json`) meets them.
    public func cachePath(cacheDirectory: String, series: Series) -> String {
        let name = month.map { "\(year)-\($0 < 10 ? "0" : "")\($0)" } ?? "\(year)"
        return "\(cacheDirectory)/reference/\(resolution.rawValue)/\(series.fileName)/\(name).json"
    }

    /// A period is final, and its cached answer never asked for again, once it ended before yesterday (UTC):
    /// the last day of a period is published the day after it, like a minute day.
    public func isFinal(today: CivilDate) -> Bool { endDay.daysSinceEpoch < today.daysSinceEpoch - 1 }

    /// The hour periods (months) and day periods (years) that cover the UTC days [first, end).
    public static func covering(firstDay: CivilDate, endDay: CivilDate, resolution: Resolution) -> [ReferencePeriod] {
        guard firstDay < endDay else { return [] }
        let last = endDay.adding(days: -1)
        var result: [ReferencePeriod] = []
        switch resolution {
        case .day:
            for y in firstDay.year...last.year { result.append(.days(y)) }
        case .hour:
            var (y, m) = (firstDay.year, firstDay.month)
            while (y, m) <= (last.year, last.month) {
                result.append(.hours(y, m))
                (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
            }
        }
        return result
    }

    /// Validates `bytes` as this period's answer and rebuilds its candles at `scale` decimals, UTC seconds,
    /// zero-volume candles dropped (as our files have none). Throws `.malformedJSON` when the shape, the
    /// period's start, the shift or a row's time does not fit the period, and what `JettaDay.candles` throws.
    public func candles(_ bytes: [UInt8], scale: Int) throws -> [Candle] {
        let payload = try JettaDayDecoder.decode(bytes)
        let start = firstDay.daysSinceEpoch * 86_400_000
        let end = endDay.daysSinceEpoch * 86_400_000
        if payload.timestampMillis != start {
            throw OHLCVError(.malformedJSON(.notThePeriodStart(timestamp: payload.timestampMillis, expected: start, period: description)), line: 1)
        }
        if payload.isEmpty { return [] }
        if payload.shiftMillis != candleSeconds * 1000 {
            throw OHLCVError(.malformedJSON(.wrongShift(shift: payload.shiftMillis, expected: candleSeconds * 1000, period: description)), line: 1)
        }
        var tick: Int64 = 0
        for (i, delta) in payload.times.enumerated() {
            tick += delta
            if delta < 0 || (i > 0 && delta == 0) || tick * candleSeconds * 1000 >= end - start {
                throw OHLCVError(.malformedJSON(.rowOutsidePeriod(row: i + 1, resolution: "\(resolution)", period: description)), line: 1)
            }
        }
        return try payload.candles(alignment: .utc, scale: scale)
    }
}
