import Foundation
import OHLCVCore
import XCTest

final class MT4RowFormatTests: XCTestCase {
    private func write(_ row: String, _ format: MT4RowFormat) throws -> String {
        let bytes = Array(row.utf8)
        let time = TimestampText.parse(String(row.prefix(19)))!
        var out = [UInt8](repeating: 0, count: bytes.count + 1)
        let n = try bytes.withUnsafeBufferPointer { row in
            try out.withUnsafeMutableBufferPointer { try format.write(row, time: time, to: $0.baseAddress!) }
        }
        return String(decoding: out[0..<n], as: UTF8.self)
    }

    func testDateAndTimeBecomeMT4FieldsAndTheNumbersAreCopied() throws {
        let row = "2026-07-10 10:00:00,1.14272,1.14352,1.14266,1.14333,4398.5"
        XCTAssertEqual(try write(row, MT4RowFormat()), "2026.07.10,10:00:00,1.14272,1.14352,1.14266,1.14333,4398.5\n")
        XCTAssertEqual(try write(row, MT4RowFormat(timeStyle: .hhmm)), "2026.07.10,10:00,1.14272,1.14352,1.14266,1.14333,4398.5\n")
    }

    /// The Sunday is found with Foundation's Gregorian calendar, not with the code under test.
    func testAWeekIsLabelledWithTheSundayBeforeItsMonday() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parse = DateFormatter()
        parse.calendar = calendar
        parse.timeZone = calendar.timeZone
        parse.locale = Locale(identifier: "en_US_POSIX")
        parse.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let label = DateFormatter()
        label.calendar = calendar
        label.timeZone = calendar.timeZone
        label.locale = parse.locale
        label.dateFormat = "yyyy.MM.dd"
        let weekly = MT4RowFormat(timeframe: try Timeframe(parsing: "1W"))
        // Across a month end, a year end and a leap day.
        for monday in ["2023-01-30", "2024-01-01", "2024-03-04", "2025-12-29", "2000-03-06", "1970-01-05"] {
            let date = parse.date(from: monday + " 00:00:00")!
            XCTAssertEqual(calendar.component(.weekday, from: date), 2, "\(monday) is a Monday")
            let sunday = calendar.date(byAdding: .day, value: -1, to: date)!
            XCTAssertEqual(calendar.component(.weekday, from: sunday), 1)
            XCTAssertEqual(try write("\(monday) 00:00:00,1.5,2,1,1.25,10", weekly),
                           "\(label.string(from: sunday)),00:00:00,1.5,2,1,1.25,10\n")
        }
        XCTAssertEqual(try write("2023-01-30 00:00:00,1,1,1,1,0", MT4RowFormat(timeStyle: .hhmm, weekly: true)), "2023.01.29,00:00,1,1,1,1,0\n")
    }

    func testOnlyWeeksAreRelabelled() throws {
        for tf in ["1m", "1h", "1d", "1M", "1Y"] {
            XCTAssertFalse(MT4RowFormat(timeframe: try Timeframe(parsing: tf)).weekly, tf)
        }
        XCTAssertEqual(try write("2023-01-30 00:00:00,1,1,1,1,0", MT4RowFormat(timeframe: try Timeframe(parsing: "1d"))),
                       "2023.01.30,00:00:00,1,1,1,1,0\n")
    }

    func testAWeekNotOnAMondayAndSecondsUnderHHMMAreBadInput() {
        for (row, format, words) in [("2023-01-31 00:00:00,1,1,1,1,0", MT4RowFormat(weekly: true), "does not start on a Monday"),
                                     ("2023-01-30 06:00:00,1,1,1,1,0", MT4RowFormat(weekly: true), "does not start on a Monday"),
                                     ("2023-01-30 06:00:30,1,1,1,1,0", MT4RowFormat(timeStyle: .hhmm), "has seconds")] {
            XCTAssertThrowsError(try write(row, format), row) { error in
                let e = error as! OHLCVError
                XCTAssertEqual(ExitStatus.code(for: e.kind), ExitStatus.dataError)
                XCTAssertTrue(e.message.contains(words), e.message)
            }
        }
    }
}
