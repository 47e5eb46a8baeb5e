import Foundation
import OHLCVCore

/// Bin starts computed independently of `Timeframe.binStart`: plain modular arithmetic for fixed lengths,
/// Foundation's calendar for weeks (Monday), months and years.
enum BinOracle {
    enum Shape { case fixed(length: Int64, offset: Int64), week, months(Int), year }

    /// The shape a timeframe name stands for, read here without the code under test.
    static func shape(_ name: String) -> Shape {
        let parts = name.split(separator: "+").map(String.init)
        func seconds(_ s: String) -> Int64 {
            let n = Int64(s.dropLast())!
            switch s.last! {
            case "m": return n * 60
            case "h": return n * 3600
            case "d": return n * 86_400
            default: fatalError(s)
            }
        }
        switch parts[0].last! {
        case "W": return .week
        case "M": return .months(Int(parts[0].dropLast())!)
        case "Y": return .year
        default: return .fixed(length: seconds(parts[0]), offset: parts.count > 1 ? seconds(parts[1]) : 0)
        }
    }

    static func binStart(_ shape: Shape, _ t: Int64) -> Int64 {
        switch shape {
        case let .fixed(length, offset):
            return t - (((t - offset) % length) + length) % length
        case .week:
            return CalendarOracle.seconds(CalendarOracle.mondayCalendar.dateInterval(of: .weekOfYear, for: CalendarOracle.date(t))!.start)
        case .months(let n):
            let c = CalendarOracle.calendar.dateComponents([.year, .month], from: CalendarOracle.date(t))
            return CalendarOracle.seconds(c.year!, (c.month! - 1) / n * n + 1, 1)
        case .year:
            return CalendarOracle.seconds(CalendarOracle.calendar.component(.year, from: CalendarOracle.date(t)), 1, 1)
        }
    }

    static func binStart(_ name: String, _ t: Int64) -> Int64 { binStart(shape(name), t) }
}
