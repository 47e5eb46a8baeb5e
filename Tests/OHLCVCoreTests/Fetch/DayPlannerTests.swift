import XCTest
@testable import OHLCVCore

final class DayPlannerTests: XCTestCase {
    func d(_ text: String) -> CivilDate { CivilDate(parsing: text)! }

    func testColdPlanIsEveryFinishedDayThenToday() {
        let jobs = DayPlanner.plan(start: d("2026-07-10"), today: d("2026-07-13"), recheckDays: 0) { _ in false }
        XCTAssertEqual(jobs.map(\.day.description), ["2026-07-10", "2026-07-11", "2026-07-12", "2026-07-13"])
        XCTAssertEqual(jobs.map(\.purpose), [.missing, .missing, .missing, .open])
    }

    func testIncrementalPlanAsksOnlyForMissingDaysAndToday() {
        let cached: Set<String> = ["2026-07-10", "2026-07-12"]
        let jobs = DayPlanner.plan(start: d("2026-07-10"), today: d("2026-07-13"), recheckDays: 0) {
            cached.contains($0.description)
        }
        XCTAssertEqual(jobs, [.init(day: d("2026-07-11"), purpose: .missing), .init(day: d("2026-07-13"), purpose: .open)])
    }

    func testMidnightRolloverTurnsYesterdaysGrowingDayIntoAMissingDay() {
        // Before midnight 07-13 was today (open); the first run on 07-14 asks for it as a finished day.
        let cached = { (day: CivilDate) in day < self.d("2026-07-13") }
        let before = DayPlanner.plan(start: d("2026-07-01"), today: d("2026-07-13"), recheckDays: 0, isCached: cached)
        XCTAssertEqual(before, [.init(day: d("2026-07-13"), purpose: .open)])
        let after = DayPlanner.plan(start: d("2026-07-01"), today: d("2026-07-14"), recheckDays: 0, isCached: cached)
        XCTAssertEqual(after, [.init(day: d("2026-07-13"), purpose: .missing), .init(day: d("2026-07-14"), purpose: .open)])
    }

    func testRecheckWindowCoversTheLastNFinishedDays() {
        let jobs = DayPlanner.plan(start: d("2026-06-01"), today: d("2026-07-13"), recheckDays: 3) { _ in true }
        XCTAssertEqual(jobs.map(\.day.description), ["2026-07-10", "2026-07-11", "2026-07-12", "2026-07-13"])
        XCTAssertEqual(jobs.map(\.purpose), [.recheck, .recheck, .recheck, .open])
        let clipped = DayPlanner.plan(start: d("2026-07-12"), today: d("2026-07-13"), recheckDays: 7) { _ in true }
        XCTAssertEqual(clipped.map(\.purpose), [.recheck, .open])
    }

    func testStartingTodayFetchesOnlyTheOpenDay() {
        XCTAssertEqual(DayPlanner.plan(start: d("2026-07-13"), today: d("2026-07-13"), recheckDays: 7) { _ in false },
                       [.init(day: d("2026-07-13"), purpose: .open)])
    }

    func testTooLateIsExpectedOnlyForTheDayJustFinished() {
        XCTAssertTrue(DayPlanner.isTooLateExpected(for: d("2026-07-12"), today: d("2026-07-13")))
        XCTAssertFalse(DayPlanner.isTooLateExpected(for: d("2026-07-11"), today: d("2026-07-13")))
        XCTAssertFalse(DayPlanner.isTooLateExpected(for: d("2025-07-12"), today: d("2026-07-13")))
    }

    func testEmptyWeekendOfAnFXSymbolIsAClosedDay() {
        // FX: Saturdays are empty, weekdays trade.
        let known: (CivilDate) -> Bool? = { $0.weekday != 5 }
        XCTAssertEqual(DayPlanner.judgeEmpty(day: d("2026-07-11"), today: d("2026-07-13"), confirmedEmpty: false,
                                             hasCandles: known), .closedDay)
    }

    func testEmptyWeekdayIsSuspiciousWhileRecentAndAHolidayOnceOldAndConfirmed() {
        let trades: (CivilDate) -> Bool? = { _ in true }
        let today = d("2026-07-13")
        XCTAssertEqual(DayPlanner.judgeEmpty(day: d("2026-07-08"), today: today, confirmedEmpty: false, hasCandles: trades), .suspicious)
        XCTAssertEqual(DayPlanner.judgeEmpty(day: d("2026-07-08"), today: today, confirmedEmpty: true, hasCandles: trades), .suspicious)
        XCTAssertEqual(DayPlanner.judgeEmpty(day: d("2026-06-24"), today: today, confirmedEmpty: false, hasCandles: trades), .suspicious)
        XCTAssertEqual(DayPlanner.judgeEmpty(day: d("2026-06-24"), today: today, confirmedEmpty: true, hasCandles: trades), .holiday)
    }

    func testNothingKnownAroundAnEmptyDayMeansClosed() {
        XCTAssertEqual(DayPlanner.judgeEmpty(day: d("2026-07-08"), today: d("2026-07-13"), confirmedEmpty: false) { _ in nil },
                       .closedDay)
        // A symbol that stopped trading (all neighbours empty) is not suspicious either.
        XCTAssertEqual(DayPlanner.judgeEmpty(day: d("2026-07-08"), today: d("2026-07-13"), confirmedEmpty: false) { _ in false },
                       .closedDay)
    }

    func testFutureNeighboursAreIgnored() {
        var asked: [CivilDate] = []
        _ = DayPlanner.judgeEmpty(day: d("2026-07-08"), today: d("2026-07-13"), confirmedEmpty: false) { asked.append($0); return true }
        XCTAssertEqual(asked.map(\.description), ["2026-06-10", "2026-06-17", "2026-06-24", "2026-07-01"])
    }
}
