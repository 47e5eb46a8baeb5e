import Foundation
import OHLCVCore
import XCTest

final class CivilDateTests: XCTestCase {
    // Days since 1970-01-01 of 1600-01-01 and 9999-12-31, the range where Foundation is proleptic Gregorian.
    static let firstDay: Int64 = -135_140
    static let lastDay: Int64 = 2_932_896

    func testTheTestRangeEndsAreTheDaysTheOracleNames() {
        XCTAssertTrue(CalendarOracle.civil(daysSinceEpoch: Self.firstDay) == (1600, 1, 1))
        XCTAssertTrue(CalendarOracle.civil(daysSinceEpoch: Self.lastDay) == (9999, 12, 31))
    }

    func testConvertsDayNumbersToTheDatesFoundationNames() {
        var rng = seededGenerator(0x5EED_0201)
        var days: [Int64] = [0, -1, 1, 59, 60, 365, 10_957, 11_016, 11_017, -25_508, -25_509, 19_782, 19_783,
                             Self.firstDay, Self.lastDay]
        for _ in 0..<3000 { days.append(Int64.random(in: Self.firstDay...Self.lastDay, using: &rng)) }
        for day in days {
            let date = CivilDate(daysSinceEpoch: day)
            let (y, m, d) = CalendarOracle.civil(daysSinceEpoch: day)
            XCTAssertEqual([date.year, date.month, date.day], [y, m, d], "day \(day), seed \(rng.seed)")
            XCTAssertEqual(CivilDate(year: y, month: m, day: d).daysSinceEpoch, day, "\(y)-\(m)-\(d), seed \(rng.seed)")
            XCTAssertTrue(date.isValid)
        }
    }

    func testWeekdayCountsFromMondayAsFoundationDoes() {
        var rng = seededGenerator(0x5EED_0202)
        for _ in 0..<1000 {
            let day = Int64.random(in: Self.firstDay...Self.lastDay, using: &rng)
            let foundation = CalendarOracle.calendar.component(.weekday, from: CalendarOracle.date(day * 86_400))  // 1 = Sunday
            XCTAssertEqual(CivilDate(daysSinceEpoch: day).weekday, (foundation + 5) % 7, "day \(day), seed \(rng.seed)")
        }
        XCTAssertEqual(CivilDate(year: 1970, month: 1, day: 1).weekday, 3, "a Thursday")
        XCTAssertEqual(CivilDate(year: 2026, month: 7, day: 10).weekday, 4, "a Friday")
    }

    func testKnowsTheGregorianLeapYears() {
        XCTAssertEqual(CivilDate.daysIn(year: 2000, month: 2), 29)
        XCTAssertEqual(CivilDate.daysIn(year: 1900, month: 2), 28)
        XCTAssertEqual(CivilDate.daysIn(year: 2100, month: 2), 28)
        XCTAssertEqual(CivilDate.daysIn(year: 2024, month: 2), 29)
        XCTAssertEqual(CivilDate.daysIn(year: 2025, month: 2), 28)
        XCTAssertEqual((1...12).map { CivilDate.daysIn(year: 2025, month: $0) }, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
        XCTAssertTrue(CivilDate(year: 2000, month: 2, day: 29).isValid)
        XCTAssertFalse(CivilDate(year: 1900, month: 2, day: 29).isValid)
        XCTAssertTrue(CivilDate(year: 2024, month: 2, day: 29).isValid)
        XCTAssertFalse(CivilDate(year: 2025, month: 2, day: 29).isValid)
        XCTAssertFalse(CivilDate(year: 2025, month: 13, day: 1).isValid)
        XCTAssertFalse(CivilDate(year: 2025, month: 0, day: 1).isValid)
        XCTAssertFalse(CivilDate(year: 2025, month: 4, day: 31).isValid)
        XCTAssertFalse(CivilDate(year: 2025, month: 1, day: 0).isValid)
    }

    func testAddingDaysCrossesMonthsYearsAndLeapDays() {
        XCTAssertEqual(CivilDate(year: 2024, month: 2, day: 28).adding(days: 1), CivilDate(year: 2024, month: 2, day: 29))
        XCTAssertEqual(CivilDate(year: 2023, month: 2, day: 28).adding(days: 1), CivilDate(year: 2023, month: 3, day: 1))
        XCTAssertEqual(CivilDate(year: 1999, month: 12, day: 31).adding(days: 1), CivilDate(year: 2000, month: 1, day: 1))
        XCTAssertEqual(CivilDate(year: 1970, month: 1, day: 1).adding(days: -1), CivilDate(year: 1969, month: 12, day: 31))
        XCTAssertLessThan(CivilDate(year: 2025, month: 1, day: 31), CivilDate(year: 2025, month: 2, day: 1))
    }

    func testDescribesItselfPaddedAndCompact() {
        XCTAssertEqual(CivilDate(year: 2025, month: 11, day: 6).description, "2025-11-06")
        XCTAssertEqual(CivilDate(year: 987, month: 1, day: 2).description, "0987-01-02")
        XCTAssertEqual(CivilDate(year: 2025, month: 1, day: 26).compact, "20250126")
    }

    func testParsesDashedAndCompactDates() {
        XCTAssertEqual(CivilDate(parsing: "2025-11-26"), CivilDate(year: 2025, month: 11, day: 26))
        XCTAssertEqual(CivilDate(parsing: "20251126"), CivilDate(year: 2025, month: 11, day: 26))
        XCTAssertEqual(CivilDate(parsing: "2024-02-29"), CivilDate(year: 2024, month: 2, day: 29))
        XCTAssertEqual(CivilDate(parsing: "2000-02-29"), CivilDate(year: 2000, month: 2, day: 29))
    }

    func testRefusesInvalidOrMisshapenDates() {
        for text in ["2025-02-29", "1900-02-29", "2025-13-01", "2025-00-10", "2025-01-00", "2025-04-31", "2025/11/26",
                     "2025-1-126", "202511-26", "2025-11-2", "2025112", "202511260", "2025-11-26x", "", "+2025112",
                     "2025--1126", "2025-11-26 00:00:00", "abcdefgh", "２０２５１１２６"] {
            XCTAssertNil(CivilDate(parsing: text), "'\(text)' must be refused")
        }
    }
}
