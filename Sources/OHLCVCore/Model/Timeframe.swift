/// A candle length (behaviour §5): N minutes/hours/days (fixed lengths aligned to 1970-01-01 00:00 plus an
/// optional offset), weeks starting Monday 00:00, N months starting on the 1st, or N years starting 1 January,
/// all in the file's own time base. Written `5m`, `4h`, `1d`, `1W`, `1M`, `1Y`; `4h+1h` offsets 4-hour bins
/// to start at 01:00, 05:00, …
public struct Timeframe: Hashable, Sendable, CustomStringConvertible {
    public enum Unit: Hashable, Sendable { case fixed(seconds: Int64), week, month, year }
    public var count: Int
    public var unit: Unit
    /// Offset of fixed-length bins from the epoch, in seconds, 0 ≤ offset < length.
    public var offsetSeconds: Int64
    public let description: String

    public static let oneMinute = try! Timeframe(parsing: "1m")
    public static let defaults = ["5m", "15m", "30m", "1h", "4h", "8h", "1d", "1W", "1M", "1Y"]

    public init(parsing text: String) throws {
        func bad(_ problem: TimeframeProblem) -> OHLCVError { OHLCVError(.configuration(.timeframe(text: text, problem))) }
        let parts = text.split(separator: "+", omittingEmptySubsequences: false)
        guard parts.count <= 2, let (n, unitChar) = Timeframe.split(parts[0]) else {
            throw bad(.notATimeframe)
        }
        guard n >= 1 && n <= 100_000 else { throw bad(.countBelowOne) }
        count = n
        switch unitChar {
        case "m": unit = .fixed(seconds: Int64(n) * 60)
        case "h": unit = .fixed(seconds: Int64(n) * 3600)
        case "d": unit = .fixed(seconds: Int64(n) * 86_400)
        case "W":
            guard n == 1 else { throw bad(.weeksOtherThanOne) }
            unit = .week
        case "M":
            guard 12 % n == 0 else { throw bad(.monthsNotDividingAYear) }
            unit = .month
        case "Y":
            guard n == 1 else { throw bad(.yearsOtherThanOne) }
            unit = .year
        default: throw bad(.unknownUnit(unitChar))
        }
        offsetSeconds = 0
        if parts.count == 2 {
            guard case .fixed(let length) = unit else { throw bad(.offsetOnACalendarUnit) }
            guard let (on, oc) = Timeframe.split(parts[1]), ["m", "h"].contains(oc) else {
                throw bad(.offsetNotMinutesOrHours)
            }
            offsetSeconds = Int64(on) * (oc == "m" ? 60 : 3600)
            guard offsetSeconds > 0 && offsetSeconds < length else { throw bad(.offsetNotShorter) }
        }
        description = text
    }

    /// The name in paths that must stay apart on disks that ignore letter case (macOS, Windows): Parquet's
    /// `timeframe=…` folders and extract file names, where the 1-minute series sits beside the others.
    /// Months are written `Nmo` (polars' spelling), so `1mo` never meets `1m`; every other name is `description`.
    public var caseSafeName: String {
        if case .month = unit { return "\(count)mo" }
        return description
    }

    static func split(_ s: Substring) -> (Int, Character)? {
        guard let unit = s.last, let n = Int(s.dropLast()), s.dropLast().allSatisfy(\.isNumber) else { return nil }
        return (n, unit)
    }

    /// Nominal length in seconds, used only to order timeframes (a month counts 30 days, a year 365).
    public var nominalSeconds: Int64 {
        switch unit {
        case .fixed(let s): return s
        case .week: return 7 * 86_400
        case .month: return Int64(count) * 30 * 86_400
        case .year: return 365 * 86_400
        }
    }

    /// Start of the bin that contains `time` (seconds, file time base).
    @inline(__always)
    public func binStart(containing time: Int64) -> Int64 {
        switch unit {
        case .fixed(let length):
            let shifted = time - offsetSeconds
            var q = shifted / length
            if shifted % length < 0 { q -= 1 }
            return q * length + offsetSeconds
        case .week:
            // 1970-01-05 (day 4) was a Monday.
            var days = time / 86_400
            if time % 86_400 < 0 { days -= 1 }
            let sinceMonday = ((days - 4) % 7 + 7) % 7
            return (days - sinceMonday) * 86_400
        case .month:
            var days = time / 86_400
            if time % 86_400 < 0 { days -= 1 }
            let date = CivilDate(daysSinceEpoch: days)
            let month = (date.month - 1) / count * count + 1
            return CivilDate(year: date.year, month: month, day: 1).daysSinceEpoch * 86_400
        case .year:
            var days = time / 86_400
            if time % 86_400 < 0 { days -= 1 }
            return CivilDate(year: CivilDate(daysSinceEpoch: days).year, month: 1, day: 1).daysSinceEpoch * 86_400
        }
    }

    /// True when every boundary of `self` is also a boundary of `finer`, so `self` can be built from `finer`.
    public func nests(in finer: Timeframe) -> Bool {
        if finer == self { return false }
        guard case .fixed(let f) = finer.unit else {
            // Only calendar units remain: months and years nest in months whose count divides theirs.
            if case .month = finer.unit {
                switch unit {
                case .year: return 12 % finer.count == 0
                case .month: return count % finer.count == 0 && count != finer.count
                default: return false
                }
            }
            return false
        }
        switch unit {
        case .fixed(let s):
            return s % f == 0 && ((offsetSeconds - finer.offsetSeconds) % f + f) % f == 0 && s > f
        case .week:
            return (7 * 86_400) % f == 0 && ((4 * 86_400 - finer.offsetSeconds) % f + f) % f == 0
        case .month, .year:
            return 86_400 % f == 0 && finer.offsetSeconds % f == 0
        }
    }
}
