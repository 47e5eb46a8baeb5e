/// The 19 bytes of `YYYY-MM-DD HH:MM:SS` ⇄ seconds since the epoch, in the file's own time base.
public enum TimestampText {
    public static let length = 19

    @inlinable
    public static func write(_ epochSeconds: Int64, to out: UnsafeMutablePointer<UInt8>) {
        var days = epochSeconds / 86_400
        var secs = epochSeconds % 86_400
        if secs < 0 { secs += 86_400; days -= 1 }
        let date = CivilDate(daysSinceEpoch: days)
        @inline(__always) func two(_ v: Int, _ at: Int) {
            out[at] = ASCII.zero &+ UInt8(v / 10); out[at + 1] = ASCII.zero &+ UInt8(v % 10)
        }
        let y = date.year
        out[0] = ASCII.zero &+ UInt8(y / 1000 % 10); out[1] = ASCII.zero &+ UInt8(y / 100 % 10)
        two(y % 100, 2)
        out[4] = ASCII.minus; two(date.month, 5); out[7] = ASCII.minus; two(date.day, 8)
        writeTimeOfDay(Int(secs), to: out)
    }

    /// Bytes 10…18, ` HH:MM:SS`, of a timestamp whose date part is already written.
    @inline(__always)
    public static func writeTimeOfDay(_ secondsOfDay: Int, to out: UnsafeMutablePointer<UInt8>) {
        @inline(__always) func two(_ v: Int, _ at: Int) {
            out[at] = ASCII.zero &+ UInt8(v / 10); out[at + 1] = ASCII.zero &+ UInt8(v % 10)
        }
        let s = secondsOfDay
        out[10] = ASCII.space
        two(s / 3600, 11); out[13] = ASCII.colon; two(s / 60 % 60, 14); out[16] = ASCII.colon; two(s % 60, 17)
    }

    /// Seconds since midnight from bytes 10…18 (` HH:MM:SS`); nil when they are not a valid time of day.
    @inline(__always)
    public static func parseTimeOfDay(_ p: UnsafePointer<UInt8>) -> Int? {
        @inline(__always) func two(_ i: Int) -> Int? {
            let a = p[i] &- ASCII.zero, b = p[i + 1] &- ASCII.zero
            return a < 10 && b < 10 ? Int(a) * 10 + Int(b) : nil
        }
        guard p[10] == ASCII.space, p[13] == ASCII.colon, p[16] == ASCII.colon,
              let h = two(11), let m = two(14), let s = two(17), h < 24, m < 60, s < 60 else { return nil }
        return h * 3600 + m * 60 + s
    }

    /// Parses exactly 19 bytes; nil when the text is not a valid timestamp.
    @inlinable
    public static func parse(_ p: UnsafePointer<UInt8>) -> Int64? {
        @inline(__always) func digit(_ i: Int) -> Int? {
            let d = p[i] &- ASCII.zero
            return d < 10 ? Int(d) : nil
        }
        guard p[4] == ASCII.minus, p[7] == ASCII.minus,
              let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3),
              let m0 = digit(5), let m1 = digit(6), let d0 = digit(8), let d1 = digit(9),
              let time = parseTimeOfDay(p) else { return nil }
        let year = y0 * 1000 + y1 * 100 + y2 * 10 + y3
        let month = m0 * 10 + m1, day = d0 * 10 + d1
        guard month >= 1, month <= 12, day >= 1, day <= CivilDate.daysIn(year: year, month: month) else { return nil }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        return days * 86_400 + Int64(time)
    }

    public static func string(_ epochSeconds: Int64) -> String {
        var bytes = [UInt8](repeating: 0, count: length)
        bytes.withUnsafeMutableBufferPointer { write(epochSeconds, to: $0.baseAddress!) }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == length else { return nil }
        return bytes.withUnsafeBufferPointer { parse($0.baseAddress!) }
    }

    /// A bound of a time range as users write it: `YYYY-MM-DD` (its 00:00:00) or `YYYY-MM-DD HH:MM:SS`; nil otherwise.
    public static func parseRangeBound(_ text: String) -> Int64? {
        if let t = parse(text) { return t }
        if text.count == 10, let date = CivilDate(parsing: text) { return date.daysSinceEpoch * 86_400 }
        return nil
    }
}
