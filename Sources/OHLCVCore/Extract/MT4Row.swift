/// Writes one candle row of our CSV (`YYYY-MM-DD HH:MM:SS,open,high,low,close,volume`, behaviour §3.1) as a row of
/// an MT4 history text file: `YYYY.MM.DD,HH:MM:SS,open,high,low,close,volume` (or `HH:MM`). The numbers are
/// copied byte for byte.
///
/// MetaTrader labels a weekly bar with its Sunday, while our 1W candles start on Monday 00:00 (behaviour §5): for a
/// weekly series the date written is the Monday minus one day (`2023-01-30` → `2023.01.29`). Only the label
/// changes, never a value.
public struct MT4RowFormat: Sendable {
    public var timeStyle: MT4TimeStyle
    /// The series is 1W: rows are labelled with the Sunday before their Monday.
    public var weekly: Bool

    public init(timeStyle: MT4TimeStyle = .hhmmss, weekly: Bool = false) {
        self.timeStyle = timeStyle
        self.weekly = weekly
    }

    public init(timeStyle: MT4TimeStyle = .hhmmss, timeframe: Timeframe) {
        self.init(timeStyle: timeStyle, weekly: timeframe.unit == .week)
    }

    /// Writes `row` (without its newline; `time` is its parsed timestamp) and a newline to `out`, which must
    /// have room for `row.count + 1` bytes; returns the bytes written.
    /// Throws `.badCSV` (exit 65) for a weekly row that does not start on a Monday, and, with `HH:MM`, for a
    /// row whose seconds are not 0, which the label would silently drop.
    @inline(__always)
    public func write(_ row: UnsafeBufferPointer<UInt8>, time: Int64, to out: UnsafeMutablePointer<UInt8>) throws -> Int {
        let stamp = TimestampText.length
        guard row.count > stamp else { throw OHLCVError(.badCSV(.rowTooShortForMT4)) }
        let base = row.baseAddress!
        out.update(from: base, count: row.count)
        out[4] = ASCII.dot
        out[7] = ASCII.dot
        out[10] = ASCII.comma
        if weekly {
            let days = time >= 0 ? time / 86_400 : (time - 86_399) / 86_400
            let monday = CivilDate(daysSinceEpoch: days)
            guard monday.weekday == 0, time - days * 86_400 == 0 else {
                throw OHLCVError(.badCSV(.weekNotOnMonday(time: time)))
            }
            MT4RowFormat.writeDate(monday.adding(days: -1), to: out)
        }
        var n = row.count
        if timeStyle == .hhmm {
            guard base[17] == ASCII.zero && base[18] == ASCII.zero else {
                throw OHLCVError(.badCSV(.secondsInMT4Minutes(time: time)))
            }
            (out + 16).update(from: base + stamp, count: row.count - stamp)
            n -= 3
        }
        out[n] = ASCII.newline
        return n + 1
    }

    /// `YYYY.MM.DD` (years 0…9999, as our timestamps).
    static func writeDate(_ d: CivilDate, to out: UnsafeMutablePointer<UInt8>) {
        func digits(_ value: Int, _ count: Int, at offset: Int) {
            var v = value
            for i in stride(from: count - 1, through: 0, by: -1) {
                out[offset + i] = ASCII.zero + UInt8(v % 10)
                v /= 10
            }
        }
        digits(d.year, 4, at: 0)
        out[4] = ASCII.dot
        digits(d.month, 2, at: 5)
        out[7] = ASCII.dot
        digits(d.day, 2, at: 8)
    }
}
