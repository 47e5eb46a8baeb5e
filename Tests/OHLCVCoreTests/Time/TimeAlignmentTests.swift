import Foundation
import OHLCVCore
import XCTest

final class TimeAlignmentTests: XCTestCase {
    private func utcMillis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// The two transitions Foundation's tz database knows for New York in `year`, as UTC milliseconds.
    private func foundationTransitions(_ year: Int) -> (Int64, Int64) {
        let january = CalendarOracle.date(CalendarOracle.seconds(year, 1, 1))
        let start = CalendarOracle.newYork.nextDaylightSavingTimeTransition(after: january)!
        let end = CalendarOracle.newYork.nextDaylightSavingTimeTransition(after: start)!
        return (utcMillis(start), utcMillis(end))
    }

    func testDaylightTimeBoundsMatchTheTimeZoneDatabaseFrom2000To2030() {
        for year in 2000...2030 {
            let (start, end) = NewYorkDST.bounds(year: year)
            let (expectedStart, expectedEnd) = foundationTransitions(year)
            XCTAssertEqual(start, expectedStart, "start of daylight time in \(year)")
            XCTAssertEqual(end, expectedEnd, "end of daylight time in \(year)")
        }
    }

    func testIsDaylightTimeFlipsAtTheExactMillisecondFoundationDoes() {
        let newYork = CalendarOracle.newYork
        for year in 2000...2030 {
            let (start, end) = foundationTransitions(year)
            for instant in [start - 60_000, start - 1000, start - 1, start, start + 1, start + 60_000,
                            end - 60_000, end - 1000, end - 1, end, end + 1, end + 60_000] {
                let date = Date(timeIntervalSince1970: TimeInterval(instant) / 1000)
                XCTAssertEqual(NewYorkDST.isDaylightTime(utcMillis: instant), newYork.isDaylightSavingTime(for: date),
                               "\(year), instant \(instant) ms")
            }
        }
    }

    func testUsesTheOldRulesIn2006AndTheNewRulesFrom2007() {
        // 2006: first Sunday of April, 02:00 EST, to last Sunday of October, 02:00 EDT.
        XCTAssertEqual(NewYorkDST.bounds(year: 2006).0, CalendarOracle.seconds(2006, 4, 2, 7) * 1000)
        XCTAssertEqual(NewYorkDST.bounds(year: 2006).1, CalendarOracle.seconds(2006, 10, 29, 6) * 1000)
        // 2007: second Sunday of March to first Sunday of November.
        XCTAssertEqual(NewYorkDST.bounds(year: 2007).0, CalendarOracle.seconds(2007, 3, 11, 7) * 1000)
        XCTAssertEqual(NewYorkDST.bounds(year: 2007).1, CalendarOracle.seconds(2007, 11, 4, 6) * 1000)
        XCTAssertEqual(NewYorkDST.bounds(year: 2026).0, CalendarOracle.seconds(2026, 3, 8, 7) * 1000)
        XCTAssertEqual(NewYorkDST.bounds(year: 2026).1, CalendarOracle.seconds(2026, 11, 1, 6) * 1000)
    }

    func testIsDaylightTimeAgreesWithFoundationAtRandomInstants() {
        var rng = seededGenerator(0x5EED_0401)
        let first = CalendarOracle.seconds(2000, 1, 1) * 1000, last = CalendarOracle.seconds(2031, 1, 1) * 1000
        for _ in 0..<3000 {
            let instant = Int64.random(in: first..<last, using: &rng) / 60_000 * 60_000
            let date = Date(timeIntervalSince1970: TimeInterval(instant) / 1000)
            XCTAssertEqual(NewYorkDST.isDaylightTime(utcMillis: instant),
                           CalendarOracle.newYork.isDaylightSavingTime(for: date), "\(instant) ms, seed \(rng.seed)")
        }
    }

    func testNewYorkCloseShiftsByThreeHoursInDaylightTimeAndTwoOtherwise() {
        for year in [2006, 2007, 2024, 2026] {
            let (start, end) = foundationTransitions(year)
            XCTAssertEqual(TimeAlignment.newYorkClose.shift(utcMillis: start - 60_000), start - 60_000 + 7_200_000)
            XCTAssertEqual(TimeAlignment.newYorkClose.shift(utcMillis: start), start + 10_800_000)
            XCTAssertEqual(TimeAlignment.newYorkClose.shift(utcMillis: end - 60_000), end - 60_000 + 10_800_000)
            XCTAssertEqual(TimeAlignment.newYorkClose.shift(utcMillis: end), end + 7_200_000)
        }
    }

    func testNewYorkCloseMakesTheDailyCloseFallAtServerMidnight() {
        // 17:00 New York is 00:00 server time, summer and winter.
        let summer = CalendarOracle.seconds(2026, 7, 10, 21) * 1000     // 17:00 EDT
        let winter = CalendarOracle.seconds(2026, 1, 9, 22) * 1000      // 17:00 EST
        XCTAssertEqual(TimeAlignment.newYorkClose.shift(utcMillis: summer) % 86_400_000, 0)
        XCTAssertEqual(TimeAlignment.newYorkClose.shift(utcMillis: winter) % 86_400_000, 0)
    }

    func testFixedShiftAddsItsMilliseconds() {
        XCTAssertEqual(TimeAlignment.fixed(milliseconds: 7_200_000).shift(utcMillis: 1_783_641_600_000), 1_783_648_800_000)
        XCTAssertEqual(TimeAlignment.utc.shift(utcMillis: 1_783_641_600_000), 1_783_641_600_000)
        XCTAssertEqual(TimeAlignment.fixed(milliseconds: -3_600_000).shift(utcMillis: 0), -3_600_000)
    }

    func testParsesUTCNewYorkCloseAndWholeSecondShifts() throws {
        XCTAssertEqual(try TimeAlignment(parsing: "utc"), .fixed(milliseconds: 0))
        XCTAssertEqual(try TimeAlignment(parsing: "0"), .fixed(milliseconds: 0))
        XCTAssertEqual(try TimeAlignment(parsing: "ny-close"), .newYorkClose)
        XCTAssertEqual(try TimeAlignment(parsing: "7200000"), .fixed(milliseconds: 7_200_000))
        XCTAssertEqual(try TimeAlignment(parsing: "-3600000"), .fixed(milliseconds: -3_600_000))
        XCTAssertEqual(try TimeAlignment(parsing: "86399000"), .fixed(milliseconds: 86_399_000))
    }

    func testRefusesAlignmentsThatAreNotWholeSecondsBelowADay() {
        for text in ["abc", "1500", "", "86400000", "-86400000", "7200000ms", "2h", "7.2e6", " 7200000", "ny close"] {
            XCTAssertThrowsError(try TimeAlignment(parsing: text), "'\(text)'") { error in
                guard case .usage(let message)? = (error as? OHLCVError)?.kind else {
                    return XCTFail("'\(text)': expected a usage error, got \(error)")
                }
                XCTAssertTrue(message.contains("'\(text)'"), message)
            }
        }
    }

    func testDescribesItselfForIndexFiles() {
        XCTAssertEqual(TimeAlignment.utc.description, "utc")
        XCTAssertEqual(TimeAlignment.fixed(milliseconds: 7_200_000).description, "shift-ms=7200000")
        XCTAssertEqual(TimeAlignment.newYorkClose.description, "ny-close")
    }
}
