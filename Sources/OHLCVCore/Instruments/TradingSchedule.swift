import FoundationEssentials

/// When an instrument trades, from its `tradeSchedule`, `holidays` and `defaultTimezone`, asked per UTC day.
///
/// A schedule entry applies from `from` to `to` (epoch ms; `to` null = still in force) and lists sessions per
/// weekday of its time zone: `{"start": "17:00:00", "previousDayStart": true, "end": "17:00:00",
/// "previousDayEnd": false}` under MONDAY is Sunday 17:00 to Monday 17:00 New York time. Holidays are
/// `{from, till}` epoch-ms intervals when it does not trade. Times are converted with the system's time zone
/// database (DST included).
public struct TradingSchedule: Equatable, Sendable {
    public struct Session: Equatable, Sendable {
        /// Seconds after local midnight.
        public var start: Int64, end: Int64
        public var startsPreviousDay: Bool, endsPreviousDay: Bool
    }

    public struct Entry: Equatable, Sendable {
        public var from: Int64
        public var to: Int64?
        /// Weekday (0 = Monday … 6 = Sunday, as `CivilDate.weekday`) → its sessions.
        public var sessions: [Int: [Session]]
    }

    /// A zone name `TimeZone` does not resolve. The core imports only FoundationEssentials, which resolves
    /// names (`America/New_York`) only in a process that also links FoundationInternationalization: ohlcv-fetch
    /// does through its HTTP client's Foundation, ohlcv-report imports it in its main.
    public struct UnknownTimeZone: Error { public var name: String }

    public var entries: [Entry]
    public var holidays: [(from: Int64, till: Int64)]
    public var timeZone: String

    public static func == (a: TradingSchedule, b: TradingSchedule) -> Bool {
        a.entries == b.entries && a.timeZone == b.timeZone
            && a.holidays.map { [$0.from, $0.till] } == b.holidays.map { [$0.from, $0.till] }
    }

    /// In `CivilDate.weekday` order (0 = Monday).
    static let weekdays = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]

    public init(entries: [Entry], holidays: [(from: Int64, till: Int64)], timeZone: String) throws {
        guard TimeZone(identifier: timeZone) != nil else { throw UnknownTimeZone(name: timeZone) }
        self.entries = entries; self.holidays = holidays; self.timeZone = timeZone
    }

    /// Reads the JSON members. Throws `.malformedJSON` for a wrong shape, `UnknownTimeZone` for a zone this
    /// machine does not know.
    public init(schedule: JSONValue, holidays: JSONValue, timeZone: String) throws {
        func bad(_ member: String?, _ problem: JSONProblem) -> OHLCVError {
            OHLCVError(.malformedJSON(member.map { .inMember($0, problem) } ?? problem))
        }
        guard let list = schedule.arrayValue else { throw bad(nil, .expected("an array", found: schedule.typeName)) }
        var entries: [Entry] = []
        for (i, item) in list.enumerated() {
            guard let from = item["from"]?.int64Value else { throw bad("[\(i)].from", .expected("epoch milliseconds", found: nil)) }
            var to: Int64?
            if let t = item["to"], !t.isNull {
                guard let v = t.int64Value else { throw bad("[\(i)].to", .expected("epoch milliseconds or null", found: nil)) }
                to = v
            }
            guard case .object(let days)? = item["sessions"] else { throw bad("[\(i)].sessions", .expected("an object", found: nil)) }
            var sessions: [Int: [Session]] = [:]
            for (name, value) in days {
                guard let weekday = TradingSchedule.weekdays.firstIndex(of: name) else { throw bad("[\(i)].sessions", .unknownWeekday(name)) }
                guard let array = value.arrayValue else { throw bad("[\(i)].sessions.\(name)", .expected("an array", found: nil)) }
                sessions[weekday] = try array.map { s in
                    guard let start = s["start"]?.stringValue.flatMap(TradingSchedule.seconds),
                          let end = s["end"]?.stringValue.flatMap(TradingSchedule.seconds) else {
                        throw bad("[\(i)].sessions.\(name)", .expected("start and end as HH:MM:SS", found: nil))
                    }
                    return Session(start: start, end: end, startsPreviousDay: s["previousDayStart"] == .bool(true),
                                   endsPreviousDay: s["previousDayEnd"] == .bool(true))
                }
            }
            entries.append(Entry(from: from, to: to, sessions: sessions))
        }
        var closed: [(from: Int64, till: Int64)] = []
        if !holidays.isNull {
            guard let hs = holidays.arrayValue else { throw bad("holidays", .expected("an array", found: holidays.typeName)) }
            for (i, h) in hs.enumerated() {
                guard let from = h["from"]?.int64Value, let till = h["till"]?.int64Value else {
                    throw bad("holidays[\(i)]", .expected("{from, till} in epoch milliseconds", found: nil))
                }
                closed.append((from, till))
            }
        }
        try self.init(entries: entries, holidays: closed, timeZone: timeZone)
    }

    static func seconds(_ text: String) -> Int64? {
        let parts = text.split(separator: ":")
        guard parts.count == 3, let h = Int64(parts[0]), let m = Int64(parts[1]), let s = Int64(parts[2]),
              (0...24).contains(h), (0..<60).contains(m), (0..<60).contains(s) else { return nil }
        return h * 3600 + m * 60 + s
    }

    /// The open intervals `[start, end)` in epoch ms within the UTC day, holidays removed, sorted and merged.
    public func openIntervals(_ day: CivilDate) -> [(start: Int64, end: Int64)] {
        let dayStart = day.daysSinceEpoch * 86_400_000, dayEnd = dayStart + 86_400_000
        let zone = TimeZone(identifier: timeZone)!
        var open: [(start: Int64, end: Int64)] = []
        // Sessions start at most a day before their weekday's date; zones are within ±14 h of UTC.
        for offset in -2...2 {
            let local = day.adding(days: Int64(offset))
            for entry in entries {
                for s in entry.sessions[local.weekday] ?? [] {
                    let start = utc(local.adding(days: s.startsPreviousDay ? -1 : 0), s.start, zone)
                    let end = utc(local.adding(days: s.endsPreviousDay ? -1 : 0), s.end, zone)
                    let a = max(start, dayStart, entry.from), b = min(end, dayEnd, entry.to ?? .max)
                    if a < b { open.append((a, b)) }
                }
            }
        }
        return TradingSchedule.subtract(TradingSchedule.merge(open), holidays)
    }

    /// True when the schedule says the instrument trades at some time of the UTC day.
    public func isOpen(_ day: CivilDate) -> Bool { !openIntervals(day).isEmpty }

    /// Epoch ms of local wall time `seconds` after midnight of `date` in `zone`.
    func utc(_ date: CivilDate, _ seconds: Int64, _ zone: TimeZone) -> Int64 {
        let wall = date.daysSinceEpoch * 86_400 + seconds
        // The offset at the instant near the wall time, asked again at the corrected instant (DST edges).
        var offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall))))
        offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall - offset))))
        return (wall - offset) * 1000
    }

    static func merge(_ list: [(start: Int64, end: Int64)]) -> [(start: Int64, end: Int64)] {
        var out: [(start: Int64, end: Int64)] = []
        for i in list.sorted(by: { $0.start < $1.start }) {
            if let last = out.last, i.start <= last.end { out[out.count - 1].end = max(last.end, i.end) } else { out.append(i) }
        }
        return out
    }

    static func subtract(_ open: [(start: Int64, end: Int64)], _ closed: [(from: Int64, till: Int64)]) -> [(start: Int64, end: Int64)] {
        var result = open
        for h in closed {
            result = result.flatMap { i -> [(start: Int64, end: Int64)] in
                if h.till <= i.start || h.from >= i.end { return [i] }
                var parts: [(start: Int64, end: Int64)] = []
                if i.start < h.from { parts.append((i.start, h.from)) }
                if h.till < i.end { parts.append((h.till, i.end)) }
                return parts
            }
        }
        return result
    }
}
