/// Which days a batch run asks the server for, and how to judge what comes back. Pure: no I/O, no clock.
public enum DayPlanner {
    /// What one request is for.
    public enum Purpose: Equatable, Sendable {
        /// A finished day missing from the cache.
        case missing
        /// A cached day inside the `--recheck-days` window: compare, replace only if changed.
        case recheck
        /// Today, still growing: refreshed into the temp dir on every run.
        case open
    }

    public struct Job: Equatable, Sendable {
        public var day: CivilDate
        public var purpose: Purpose
    }

    /// An empty weekday younger than this many days is never cached as final (see `judgeEmpty`).
    public static let suspectWindowDays: Int64 = 7
    /// Extra in-run fetches of a suspicious empty day before it is judged.
    public static let suspectRefetches = 2

    /// Days to request for one symbol: every finished day from `start` to yesterday that `isCached` says is
    /// missing, the cached days among the last `recheckDays` UTC days (today excluded: it is fetched anyway),
    /// and today itself. Oldest first, today last.
    public static func plan(start: CivilDate, today: CivilDate, recheckDays: Int,
                            isCached: (CivilDate) -> Bool) -> [Job] {
        var jobs: [Job] = []
        let first = start.daysSinceEpoch
        let last = today.daysSinceEpoch - 1
        let recheckFrom = today.daysSinceEpoch - Int64(max(0, recheckDays))
        if first <= last {
            for d in first...last {
                let day = CivilDate(daysSinceEpoch: d)
                if !isCached(day) {
                    jobs.append(Job(day: day, purpose: .missing))
                } else if d >= recheckFrom {
                    jobs.append(Job(day: day, purpose: .recheck))
                }
            }
        }
        if first <= today.daysSinceEpoch { jobs.append(Job(day: today, purpose: .open)) }
        return jobs
    }

    /// `400 From time is too late` for a finished day: fine for the day that has only just finished
    /// (publication lags a little after midnight): keep it as a growing day and try again next run.
    /// For any older day it means something is wrong and the run stops.
    public static func isTooLateExpected(for day: CivilDate, today: CivilDate) -> Bool {
        day.daysSinceEpoch >= today.daysSinceEpoch - 1
    }

    public enum EmptyVerdict: Equatable, Sendable {
        /// A day the symbol does not trade (weekend, or nothing to compare with): cache it.
        case closedDay
        /// An empty day where the symbol normally trades: do not cache it now.
        case suspicious
        /// Suspicious, but it stayed empty on every re-fetch and is older than the window: a holiday; cache it.
        case holiday
    }

    /// Judges an empty payload for `day`. `hasCandles(d)` tells what is known of another day of the same symbol:
    /// true (it has candles), false (it is empty) or nil (unknown). The symbol "normally trades" on that weekday
    /// when, among the same weekday 1–4 weeks before and after, more known days have candles than not.
    /// `confirmedEmpty` means the in-run re-fetches came back empty too.
    /// With the instrument's `schedule` (from its metadata), the schedule decides instead of the weekday
    /// heuristic: a day it says is closed is a closed day, one it says is open is suspicious.
    public static func judgeEmpty(day: CivilDate, today: CivilDate, confirmedEmpty: Bool, schedule: TradingSchedule? = nil,
                                  hasCandles: (CivilDate) -> Bool?) -> EmptyVerdict {
        if let schedule {
            if !schedule.isOpen(day) { return .closedDay }
            if confirmedEmpty && today.daysSinceEpoch - day.daysSinceEpoch > suspectWindowDays { return .holiday }
            return .suspicious
        }
        var trading = 0, closed = 0
        for weeks in [-4, -3, -2, -1, 1, 2, 3, 4] {
            let other = day.adding(days: Int64(weeks * 7))
            if other.daysSinceEpoch >= today.daysSinceEpoch { continue }
            switch hasCandles(other) {
            case true?: trading += 1
            case false?: closed += 1
            case nil: break
            }
        }
        if trading == 0 || trading <= closed { return .closedDay }
        if confirmedEmpty && today.daysSinceEpoch - day.daysSinceEpoch > suspectWindowDays { return .holiday }
        return .suspicious
    }

    /// A day that the schedule says trades longer than its candles show: its first candle comes more than
    /// this long after the first open minute, or its last candle ends more than this long before the close.
    public static let shortDaySlackSeconds: Int64 = 2 * 3600

    /// True when `candles` (UTC seconds, ascending, not empty) leave more than `shortDaySlackSeconds` of the
    /// day's scheduled trading uncovered at its start or end: the "records missing" glitch, a day cut short.
    /// Gaps inside the day are not judged (a quiet hour is not a glitch).
    public static func isShort(_ candles: [Candle], day: CivilDate, schedule: TradingSchedule) -> Bool {
        guard let first = candles.first?.time, let last = candles.last?.time else { return false }
        let open = schedule.openIntervals(day)
        guard let opens = open.first?.start, let closes = open.last?.end else { return false }
        return first - opens / 1000 > shortDaySlackSeconds || closes / 1000 - (last + 60) > shortDaySlackSeconds
    }
}
