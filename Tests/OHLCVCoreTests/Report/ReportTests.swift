import XCTest
@testable import OHLCVCore
import OHLCVTestSupport

final class ReportCoverageTests: XCTestCase {
    func day(_ text: String) -> CivilDate { CivilDate(parsing: text)! }
    func midnight(_ text: String) -> Int64 { day(text).daysSinceEpoch * 86_400 }

    /// 2023-02-13 is a Monday: the fallback opens Monday to Friday and closes the weekend.
    func testWeekdayFallbackJudgesEachKindOfDay() {
        let open = OpenDays(schedule: nil)
        XCTAssertEqual(open.status(day("2023-02-15"), nil), .missing, "a Wednesday not cached")
        XCTAssertEqual(open.status(day("2023-02-18"), nil), .closed, "a Saturday not cached")
        XCTAssertEqual(open.status(day("2023-02-15"), .empty), .empty)
        XCTAssertEqual(open.status(day("2023-02-19"), .empty), .closed, "a Sunday cached empty")
        XCTAssertEqual(open.status(day("2023-02-15"), .candles(first: midnight("2023-02-15") + 10_800, last: midnight("2023-02-15") + 3_600, count: 2)),
                       .full, "without a schedule a day with candles is never judged short")
        XCTAssertEqual(open.status(day("2023-02-15"), .unreadable("x")), .unreadable)
        XCTAssertTrue(open.source.hasPrefix("weekday fallback"))
    }

    /// BTC-USD trades 24/7 by its real schedule: a Sunday is open, and a day that starts at 03:00 is short.
    func testScheduleDecidesOpenAndShort() throws {
        let info = try InstrumentInfo(parsing: try Fixtures.bytes("jetta/instrument-BTC-USD.json"))
        let open = OpenDays(schedule: try XCTUnwrap(info.schedule))
        let d = "2023-02-19"   // a Sunday
        XCTAssertEqual(open.status(day(d), nil), .missing)
        XCTAssertEqual(open.status(day(d), .empty), .empty)
        let t = midnight(d)
        XCTAssertEqual(open.status(day(d), .candles(first: t, last: t + 86_340, count: 1440)), .full)
        XCTAssertEqual(open.status(day(d), .candles(first: t + 3 * 3600, last: t + 86_340, count: 1260)), .short)
        XCTAssertEqual(open.status(day(d), .candles(first: t, last: t + 12 * 3600, count: 721)), .short)
        XCTAssertEqual(open.source, "trading schedule")
    }

    /// Two weeks from Monday 2023-02-13 to Sunday 2023-02-26 with Wednesday 15th absent and Thursday 16th empty.
    func testCoverageCountsAndListsTheSuspiciousDays() {
        var cached: [CivilDate: CachedDay] = [:]
        var d = day("2023-02-13")
        while d <= day("2023-02-26") {
            cached[d] = d.weekday < 5 ? .candles(first: midnight(d.description), last: midnight(d.description) + 60, count: 2) : .empty
            d = d.adding(days: 1)
        }
        cached[day("2023-02-15")] = nil
        cached[day("2023-02-16")] = .empty
        let c = Coverage(cached: cached, openDays: OpenDays(schedule: nil))
        XCTAssertEqual(c.first, day("2023-02-13")); XCTAssertEqual(c.last, day("2023-02-26"))
        XCTAssertEqual(c.statuses.count, 14)
        XCTAssertEqual(c.cachedDays, 13)
        XCTAssertEqual(c.expectedDays, 10)
        XCTAssertEqual(c.count(.missing), 1); XCTAssertEqual(c.count(.empty), 1)
        XCTAssertEqual(c.count(.closed), 4); XCTAssertEqual(c.count(.full), 8)
        XCTAssertEqual(c.suspiciousCount, 2)
        XCTAssertEqual(c.suspiciousDays(limit: 10).map { "\($0.0) \($0.1)" }, ["2023-02-15 missing", "2023-02-16 empty"])
        XCTAssertEqual(c.suspiciousDays(limit: 1).count, 1)
    }

    func testNothingCachedHasNoHistory() {
        let c = Coverage(cached: [:], openDays: OpenDays(schedule: nil))
        XCTAssertNil(c.first); XCTAssertEqual(c.statuses, []); XCTAssertEqual(c.suspiciousCount, 0)
    }
}

final class ReportPartsTests: XCTestCase {
    func testVerifySummaryReadsTheKeyValueFile() {
        let v = VerifySummary(text: "symbol=EUR-USD\nresult=fail\nfirst_day=2023-01-01\nlast_day=2023-12-31\nhours_compared=6000\nhours_differing=2\ndays_compared=-\ndays_differing=-\ndiffering_days=2023-03-01 2023-04-02\nno equals sign here\nchecked_at=2024-01-02 03:04:05 UTC\nnote=\n")
        XCTAssertEqual(v.result, "fail")
        XCTAssertEqual(v.differingDays, ["2023-03-01", "2023-04-02"])
        XCTAssertNil(v["note"], "an empty value is absent")
        XCTAssertEqual(v.oneLine, "fail: 2023-01-01..2023-12-31, 6000 hours (2 differ) compared; differing days: 2023-03-01 2023-04-02; checked 2024-01-02 03:04:05 UTC")
        XCTAssertEqual(VerifySummary(text: "").oneLine, "unknown result")
    }

    func testChartPricesAreExactIntegers() {
        XCTAssertEqual(ChartCandle.units("1.5", 3), 1500)
        XCTAssertEqual(ChartCandle.units("27138", 2), 2_713_800)
        XCTAssertEqual(ChartCandle.units("-0.25", 2), -25)
        XCTAssertEqual(ChartCandle.units("1.230", 2), 123, "trailing zeros beyond the scale are exact")
        XCTAssertNil(ChartCandle.units("1.234", 2), "a digit beyond the scale would be rounded: refused")
        XCTAssertNil(ChartCandle.units("1e5", 2)); XCTAssertNil(ChartCandle.units("", 2))
        let c = ChartCandle(row: "2023-02-15 00:00:00,1.07,1.08,1.065,1.075,12.5", scale: 3)
        XCTAssertEqual(c, ChartCandle(row: "2023-02-15 00:00:00,1.070,1.080,1.065,1.075,1", scale: 3))
        XCTAssertEqual(c?.day, "2023-02-15"); XCTAssertEqual(c?.low, 1065); XCTAssertEqual(c?.high, 1080)
    }

    /// The chart's pixel rows: the high at the top margin, the low at the bottom one, the midpoint half-way.
    func testChartRowsSpanThePlot() {
        let top = CandleChart.pad, bottom = CandleChart.height - CandleChart.pad
        XCTAssertEqual(CandleChart.y(200, lo: 100, hi: 200), top)
        XCTAssertEqual(CandleChart.y(100, lo: 100, hi: 200), bottom)
        XCTAssertEqual(CandleChart.y(150, lo: 100, hi: 200), (top + bottom) / 2)
    }

    func testSeriesProbeReadsEndsAndCountsRows() throws {
        let w = Workdir("report-probe"); defer { w.discard() }
        XCTAssertNil(try SeriesProbe.rowCount(w.url("absent.csv")))
        w.write("h.csv", "time,open,high,low,close,volume\n")
        XCTAssertEqual(try SeriesProbe.rowCount(w.url("h.csv")), 0)
        XCTAssertNil(try SeriesProbe.firstRow(w.url("h.csv")))
        XCTAssertEqual(try SeriesProbe.lastRows(w.url("h.csv"), count: 3), [])
        // More than one 64 KiB chunk, the last line without its newline.
        let rows = (0..<5000).map { "2023-01-01 00:00:00,\($0),\($0),\($0),\($0),1" }
        w.write("big.csv", "time,open,high,low,close,volume\n" + rows.joined(separator: "\n"))
        XCTAssertEqual(try SeriesProbe.rowCount(w.url("big.csv")), 5000)
        XCTAssertEqual(try SeriesProbe.firstRow(w.url("big.csv")), rows[0])
        XCTAssertEqual(try SeriesProbe.lastRows(w.url("big.csv"), count: 1), [rows[4999]])
        XCTAssertEqual(try SeriesProbe.lastRows(w.url("big.csv"), count: 3000), Array(rows.suffix(3000)))
        w.write("few.csv", "time,open,high,low,close,volume\n" + rows.prefix(3).joined(separator: "\n") + "\n")
        XCTAssertEqual(try SeriesProbe.lastRows(w.url("few.csv"), count: 40), Array(rows.prefix(3)))
    }

    func testPageEscapesTextAndMarksSuspiciousDays() {
        let d = CivilDate(parsing: "2023-02-15")!
        let c = Coverage(cached: [d: .empty, d.adding(days: 1): .empty], openDays: OpenDays(schedule: nil))
        let r = SymbolReport(symbol: "A<B", firstCandle: nil, lastCandle: nil, coverage: c, openDaysSource: "x",
                             rows: [("1m", nil)], verify: nil, daily: [], dailyNote: "1d is not configured")
        let html = ReportPage.html([r], generated: "now")
        XCTAssertFalse(html.contains("A<B")); XCTAssertTrue(html.contains("A&lt;B"))
        XCTAssertTrue(html.contains("class=\"empty\" data-day=\"2023-02-15\""))
        XCTAssertTrue(html.contains("data-missing=\"0\" data-suspicious=\"2\""))
        XCTAssertTrue(html.contains("1d is not configured"))
        XCTAssertTrue(r.summary.contains("rows          1m not built"))
    }

    /// 20 years are stretched to the page's width; the one missing day is drawn wide, after every other day.
    func testLongHistoryKeepsOneMissingDayVisible() {
        var cached: [CivilDate: CachedDay] = [:]
        let first = CivilDate(parsing: "2005-01-03")!, hole = CivilDate(parsing: "2015-06-10")!
        for k in 0..<7305 where first.adding(days: Int64(k)) != hole {
            let d = first.adding(days: Int64(k))
            cached[d] = d.weekday < 5 ? .candles(first: 0, last: 0, count: 1) : .empty
        }
        let r = SymbolReport(symbol: "EUR-USD", firstCandle: nil, lastCandle: nil,
                             coverage: Coverage(cached: cached, openDays: OpenDays(schedule: nil)), openDaysSource: "x",
                             rows: [], verify: nil, daily: [], dailyNote: nil)
        let svg = ReportPage.heatmap(r)
        XCTAssertTrue(svg.contains("width=\"100%\""))
        let mark = "class=\"missing wide\" data-day=\"2015-06-10\""
        let at = try! XCTUnwrap(svg.range(of: mark))
        XCTAssertNil(svg[at.upperBound...].range(of: "<rect"), "a later rect would cover it")
        XCTAssertEqual(svg.components(separatedBy: "<rect").count - 1, 7305)
        XCTAssertTrue(svg.contains(".heatmap rect.wide{width:4px}"), "1,044 weeks / 250: 4 weeks wide")
    }
}
