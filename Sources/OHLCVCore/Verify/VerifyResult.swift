/// What one verify run found for a symbol, written to `data/verify/SYM.txt` (docs/verify.md has the format):
/// one `key=value` per line, keys in a fixed order, so that `make report` and shell scripts can read it.
public struct VerifyResult: Equatable, Sendable {
    public enum Verdict: String, Sendable {
        /// Every compared candle agrees.
        case pass
        /// At least one candle differs or is missing on one side.
        case fail
        /// Nothing could be compared: the alignment shifts by part of an hour.
        case incomparable
    }

    public var symbol: String
    /// First and last UTC day compared, inclusive.
    public var firstDay: CivilDate
    public var lastDay: CivilDate
    public var hoursCompared: Int
    public var hoursDiffering: Int
    /// nil when days were not compared (`daysNote` says why).
    public var daysCompared: Int?
    public var daysDiffering: Int?
    public var daysNote: String?
    /// The cached UTC days that hold the differing candles, sorted.
    public var differingDays: [CivilDate]
    public var requests: Int
    public var verdict: Verdict
    /// When the run finished, UTC seconds.
    public var checkedAt: Int64

    public var text: String {
        var lines = [
            "symbol=\(symbol)",
            "result=\(verdict.rawValue)",
            "first_day=\(firstDay)",
            "last_day=\(lastDay)",
            "hours_compared=\(hoursCompared)",
            "hours_differing=\(hoursDiffering)",
            "days_compared=\(daysCompared.map(String.init) ?? "-")",
            "days_differing=\(daysDiffering.map(String.init) ?? "-")",
            "differing_days=\(differingDays.map(\.description).joined(separator: " "))",
            "requests=\(requests)",
            "checked_at=\(TimestampText.string(checkedAt))",
        ]
        if let daysNote { lines.append("note=\(daysNote)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line for stdout and cron logs.
    public var summary: String {
        var s = "verify: \(symbol) \(firstDay) .. \(lastDay): \(verdict.rawValue.uppercased()): \(hoursCompared) hours compared, \(hoursDiffering) differ"
        if let daysCompared, let daysDiffering { s += "; \(daysCompared) days compared, \(daysDiffering) differ" }
        if !differingDays.isEmpty { s += "; cached days responsible: \(differingDays.count)" }
        return s + "; \(requests) requests"
    }
}

extension CandleComparison.Difference {
    /// `BTC-USD hour 2023-02-05 13:00:00 UTC: prices differ: ours 2023-02-05 15:00:00,…; Dukascopy 2023-02-05 13:00:00,…; day cache/2023/02/BTC-USD_20230205.json`.
    /// Our candle is shown in our file's time base (as in our CSV), Dukascopy's in UTC.
    public func line(series: Series, resolution: ReferencePeriod.Resolution, scale: Int, alignment: TimeAlignment,
                     dayFile: String) -> String {
        func row(_ c: Candle?, fileTime: Bool) -> String {
            guard let c else { return "none" }
            let t = fileTime ? alignment.shift(utcMillis: c.time * 1000) / 1000 : c.time
            return [TimestampText.string(t), ReprFormatting.string(c.open, scale: scale), ReprFormatting.string(c.high, scale: scale),
                    ReprFormatting.string(c.low, scale: scale), ReprFormatting.string(c.close, scale: scale),
                    ReprFormatting.string(wide: c.volume, scale: scale)].joined(separator: ",")
        }
        return "\(series.fileName) \(resolution) \(TimestampText.string(time)) UTC: \(problem.rawValue): ours \(row(ours, fileTime: true)); "
            + "Dukascopy \(row(theirs, fileTime: false)); day \(dayFile)"
    }
}
