import Foundation

/// Foundation's Gregorian calendar in UTC, as the independent oracle for dates and times. Foundation switches
/// to the Julian calendar before October 1582, so the tests stay after 1600.
enum CalendarOracle {
    static let utc = TimeZone(identifier: "UTC")!
    static let newYork = TimeZone(identifier: "America/New_York")!

    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = utc
        return c
    }()

    /// Weeks start on Monday.
    static let mondayCalendar: Calendar = {
        var c = calendar
        c.firstWeekday = 2
        c.minimumDaysInFirstWeek = 4
        return c
    }()

    static let timestampFormatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = utc
        f.calendar = calendar
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f
    }()

    static func date(_ epochSeconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(epochSeconds)) }

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded()) }

    static func timestamp(_ epochSeconds: Int64) -> String { timestampFormatter.string(from: date(epochSeconds)) }

    /// Epoch seconds of a UTC civil time.
    static func seconds(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
        let c = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return seconds(calendar.date(from: c)!)
    }

    /// (year, month, day) of a day number since 1970-01-01.
    static func civil(daysSinceEpoch days: Int64) -> (Int, Int, Int) {
        let c = calendar.dateComponents([.year, .month, .day], from: date(days * 86_400))
        return (c.year!, c.month!, c.day!)
    }
}
