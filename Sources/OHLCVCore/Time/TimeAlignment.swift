/// How UTC instants become the file's time base (behaviour §4): a fixed shift, or New York close alignment
/// (New York local time + 7 h: +3 h while New York is on daylight time, +2 h otherwise), taken per candle.
public enum TimeAlignment: Equatable, Sendable, CustomStringConvertible {
    case fixed(milliseconds: Int64)
    case newYorkClose

    public static let utc = TimeAlignment.fixed(milliseconds: 0)

    /// The server-time instant, in milliseconds, of a UTC instant.
    @inline(__always)
    public func shift(utcMillis: Int64) -> Int64 {
        switch self {
        case .fixed(let ms): return utcMillis + ms
        case .newYorkClose:
            return utcMillis + (NewYorkDST.isDaylightTime(utcMillis: utcMillis) ? 3 : 2) * 3_600_000
        }
    }

    /// Recorded in index files so that files built under two alignments are never mixed.
    public var description: String {
        switch self {
        case .fixed(0): return "utc"
        case .fixed(let ms): return "shift-ms=\(ms)"
        case .newYorkClose: return "ny-close"
        }
    }

    /// Parses `utc`, `ny-close` or a millisecond count.
    public init(parsing text: String) throws {
        switch text {
        case "utc", "UTC", "0": self = .utc
        case "ny-close", "ny", "NY": self = .newYorkClose
        default:
            guard let ms = Int64(text), ms % 1000 == 0, abs(ms) < 86_400_000 else {
                throw OHLCVError(.usage("alignment must be 'utc', 'ny-close' or a shift in whole seconds of milliseconds below a day, not '\(text)'"))
            }
            self = .fixed(milliseconds: ms)
        }
    }
}

/// United States daylight-saving rules for New York, as UTC instants.
/// Since 2007: second Sunday of March 07:00 UTC to first Sunday of November 06:00 UTC.
/// 1987–2006: first Sunday of April to last Sunday of October.
public enum NewYorkDST {
    public static func isDaylightTime(utcMillis: Int64) -> Bool {
        var days = utcMillis / 86_400_000
        if utcMillis < 0 && utcMillis % 86_400_000 != 0 { days -= 1 }
        let year = CivilDate(daysSinceEpoch: days).year
        let (start, end) = bounds(year: year)
        return utcMillis >= start && utcMillis < end
    }

    /// [start, end) of daylight time in `year`, in UTC milliseconds.
    public static func bounds(year: Int) -> (Int64, Int64) {
        let startDay: CivilDate, endDay: CivilDate
        if year >= 2007 {
            startDay = nthSunday(2, year: year, month: 3)
            endDay = nthSunday(1, year: year, month: 11)
        } else {
            startDay = nthSunday(1, year: year, month: 4)
            endDay = lastSunday(year: year, month: 10)
        }
        // 02:00 local: EST (UTC-5) at the start, EDT (UTC-4) at the end.
        return (startDay.daysSinceEpoch * 86_400_000 + 7 * 3_600_000,
                endDay.daysSinceEpoch * 86_400_000 + 6 * 3_600_000)
    }

    static func nthSunday(_ n: Int, year: Int, month: Int) -> CivilDate {
        let first = CivilDate(year: year, month: month, day: 1)
        let toSunday = (6 - first.weekday + 7) % 7
        return first.adding(days: Int64(toSunday + 7 * (n - 1)))
    }

    static func lastSunday(year: Int, month: Int) -> CivilDate {
        let last = CivilDate(year: year, month: month, day: CivilDate.daysIn(year: year, month: month))
        return last.adding(days: -Int64((last.weekday + 1) % 7))
    }
}
