/// Our files' times back to UTC instants, so that verify compares candles at the same instants whatever the
/// alignment (behaviour §4).
public enum FileTime {
    /// Hours line up with Dukascopy's UTC hours when every candle's shift is a whole number of hours:
    /// any fixed shift of whole hours, and ny-close (+2 h or +3 h).
    public static func hoursAlign(_ alignment: TimeAlignment) -> Bool {
        if case .fixed(let ms) = alignment { return ms % 3_600_000 == 0 }
        return true
    }

    /// Days line up only under UTC: under any shift our day is another 24 hours than Dukascopy's UTC day.
    public static func daysAlign(_ alignment: TimeAlignment) -> Bool { alignment == .utc }

    /// The UTC second of a candle whose file time is `seconds`. Under ny-close the shift depends on the
    /// instant: +3 h when New York is on daylight time at it, +2 h otherwise; in the hour that New York
    /// repeats, daylight time is taken.
    public static func utcSeconds(_ seconds: Int64, _ alignment: TimeAlignment) -> Int64 {
        switch alignment {
        case .fixed(let ms): return seconds - ms / 1000
        case .newYorkClose:
            let summer = seconds - 3 * 3_600
            return NewYorkDST.isDaylightTime(utcMillis: summer * 1000) ? summer : seconds - 2 * 3_600
        }
    }
}
