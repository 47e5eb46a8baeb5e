import XCTest
@testable import OHLCVCore

final class FetchReportTests: XCTestCase {
    func jobs(_ n: Int, _ purpose: DayPlanner.Purpose) -> [DayPlanner.Job] {
        (0..<n).map { DayPlanner.Job(day: CivilDate(year: 2026, month: 1, day: 1).adding(days: Int64($0)), purpose: purpose) }
    }

    func testTheEstimateCountsRequestsAndTheirTimeAtTheCap() {
        let report = FetchReport(interactive: false)
        report.plan(symbols: 3, jobs: jobs(23_009, .missing) + jobs(3, .open), rate: 5)
        // 23,012 requests / 5 per second = 4,602.4 s, about 76.7 minutes.
        XCTAssertEqual(report.estimate(), "fetch: 3 symbols, 23,012 days to fetch: 23,012 requests, about 1 h 17 min at 5 requests/s")
    }

    func testTheEstimateSaysHowManyDaysAreRechecks() {
        let report = FetchReport(interactive: false)
        report.plan(symbols: 2, jobs: jobs(14, .recheck) + jobs(2, .open), rate: 0.5)
        XCTAssertEqual(report.estimate(), "fetch: 2 symbols, 16 days to fetch (14 to recheck): 16 requests, about 32 s at 0.5 requests/s")
    }

    func testAShortRunIsOnlyCounted() {
        let report = FetchReport(interactive: false)
        report.plan(symbols: 1, jobs: jobs(1, .open), rate: 5)
        XCTAssertEqual(report.estimate(), "fetch: 1 symbol, 1 request")
    }

    func testTheFailureListNamesTenDaysOldestFirstAndCountsTheRest() {
        let report = FetchReport(interactive: false)
        XCTAssertNil(report.failureList())
        let first = CivilDate(year: 2026, month: 7, day: 1)
        for i in (0..<12).reversed() {
            report.failure(symbol: i % 2 == 0 ? "EUR-USD" : "BTC-USD", day: first.adding(days: Int64(i)), reason: "r\(i)")
        }
        let named = ["BTC-USD 2026-07-02 (r1)", "BTC-USD 2026-07-04 (r3)", "BTC-USD 2026-07-06 (r5)", "BTC-USD 2026-07-08 (r7)",
                     "BTC-USD 2026-07-10 (r9)", "BTC-USD 2026-07-12 (r11)", "EUR-USD 2026-07-01 (r0)", "EUR-USD 2026-07-03 (r2)",
                     "EUR-USD 2026-07-05 (r4)", "EUR-USD 2026-07-07 (r6)"]
        XCTAssertEqual(report.failureList(), "fetch: failed: " + named.joined(separator: ", ") + " and 2 more")
    }
}
