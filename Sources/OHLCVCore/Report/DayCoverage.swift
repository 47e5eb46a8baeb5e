/// How one UTC day of a symbol's history stands in the cache, as the report colours it.
public enum DayStatus: String, CaseIterable, Sendable {
    /// Cached with candles covering the day's trading (or any candles, without a schedule).
    case full
    /// Cached with candles, but the schedule's trading is uncovered for more than
    /// `DayPlanner.shortDaySlackSeconds` at the day's start or end.
    case short
    /// Cached empty (or no candles) on a day the schedule (or the weekday fallback) says is open.
    case empty
    /// Closed by the schedule (or a Saturday/Sunday in the fallback): empty or not cached, as expected.
    case closed
    /// Not cached, on an open day inside the history.
    case missing
    /// A cached payload that does not parse as its day.
    case unreadable

    /// Days that a quant should look at: a hole or a day that may be one.
    public var isSuspicious: Bool { self == .short || self == .empty || self == .missing || self == .unreadable }

    public var label: String {
        switch self {
        case .full: return "full"
        case .short: return "short on an open day"
        case .empty: return "empty on an open day"
        case .closed: return "closed (empty or not cached)"
        case .missing: return "missing on an open day"
        case .unreadable: return "unreadable payload"
        }
    }
}

/// What the cache holds for one day, read from its payload.
public enum CachedDay: Equatable, Sendable {
    /// First and last candle times, UTC seconds.
    case candles(first: Int64, last: Int64, count: Int)
    case empty
    case unreadable(String)
}

/// Which days are open: the instrument's trading schedule when its metadata is cached, else Monday–Friday.
public struct OpenDays: Sendable {
    public let schedule: TradingSchedule?
    public init(schedule: TradingSchedule?) { self.schedule = schedule }

    /// "schedule" or "weekday fallback", for the page and the summary.
    public var source: String { schedule == nil ? "weekday fallback (Mon-Fri; no cached instrument metadata)" : "trading schedule" }

    public func isOpen(_ day: CivilDate) -> Bool {
        if let schedule { return schedule.isOpen(day) }
        return day.weekday < 5   // CivilDate.weekday: Monday is 0
    }

    /// The status of `day` given what the cache holds (nil: not cached).
    public func status(_ day: CivilDate, _ cached: CachedDay?) -> DayStatus {
        let open = isOpen(day)
        switch cached {
        case nil: return open ? .missing : .closed
        case .unreadable?: return .unreadable
        case .empty?: return open ? .empty : .closed
        case let .candles(first, last, _)?:
            guard let schedule else { return .full }
            let intervals = schedule.openIntervals(day)
            guard let opens = intervals.first?.start, let closes = intervals.last?.end else { return .full }
            let slack = DayPlanner.shortDaySlackSeconds
            return first - opens / 1000 > slack || closes / 1000 - (last + 60) > slack ? .short : .full
        }
    }
}

/// Per-day statuses over a history, with the counts the summary gives. Memory: one byte per day (7,300 for
/// 20 years), whatever the candles.
public struct Coverage: Sendable {
    /// The first and last cached day; nil when nothing is cached.
    public let first: CivilDate?
    public let last: CivilDate?
    /// statuses[i] is the status of first + i days.
    public private(set) var statuses: [DayStatus] = []
    public private(set) var counts: [DayStatus: Int] = [:]
    public private(set) var cachedDays = 0
    public private(set) var expectedDays = 0

    /// `cached` maps days to what the cache holds; the history runs from the first cached day to the last.
    public init(cached: [CivilDate: CachedDay], openDays: OpenDays) {
        guard let lo = cached.keys.min(), let hi = cached.keys.max() else { first = nil; last = nil; return }
        first = lo; last = hi
        cachedDays = cached.count
        var day = lo
        while day <= hi {
            if openDays.isOpen(day) { expectedDays += 1 }
            let s = openDays.status(day, cached[day])
            statuses.append(s)
            counts[s, default: 0] += 1
            day = day.adding(days: 1)
        }
    }

    public func count(_ s: DayStatus) -> Int { counts[s] ?? 0 }
    public var suspiciousCount: Int { DayStatus.allCases.filter(\.isSuspicious).reduce(0) { $0 + count($1) } }

    /// The suspicious days, oldest first, at most `limit` of them.
    public func suspiciousDays(limit: Int) -> [(CivilDate, DayStatus)] {
        guard let first else { return [] }
        var out: [(CivilDate, DayStatus)] = []
        for (i, s) in statuses.enumerated() where s.isSuspicious {
            out.append((first.adding(days: Int64(i)), s))
            if out.count == limit { break }
        }
        return out
    }
}
