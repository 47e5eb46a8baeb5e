@testable import OHLCVCore
import OHLCVTestSupport
import XCTest

/// The side of the quote in fetch (issue #12): URLs, the series of a command line, per-series file names and the
/// per-side counts of the estimate and the summary.
final class FetchSidesTests: XCTestCase {
    let eur = Symbol(code: "EUR-USD", fileName: "EUR-USD")
    let day = CivilDate(year: 2025, month: 11, day: 26)

    func options(_ argv: [String]) throws -> FetchStage.Options {
        let raw = try RawArguments(argv + ["--today", "2026-07-13", "--base-url", "http://127.0.0.1:9"],
                                   valued: FetchStage.valuedOptions, flags: FetchStage.flagOptions)
        return try FetchStage.options(from: raw)
    }

    func batchSeries(_ words: [String]) throws -> [String] {
        guard case let .batch(series, _, _, _) = try options(["--cache-dir", "c", "--temp-dir", "t", "--start", "2026-07-01"] + words).mode
        else { XCTFail("not batch mode: \(words)"); return [] }
        return series.map(\.fileName)
    }

    func testMinuteURLsPutTheSideAfterTheCode() throws {
        let u = try JettaURL(base: "https://jetta.dukascopy.com")
        XCTAssertEqual(u.historicalDay(Series(eur, .ask), day), "https://jetta.dukascopy.com/v1/candles/minute/EUR-USD/ASK/2025/11/26")
        XCTAssertEqual(u.historicalDay(Series(eur, .bid), day), "https://jetta.dukascopy.com/v1/candles/minute/EUR-USD/BID/2025/11/26")
        XCTAssertEqual(u.openDay(Series(eur, .ask), CivilDate(year: 2026, month: 7, day: 13)),
                       "https://jetta.dukascopy.com/v1/candles/minute/EUR-USD/ASK?from=1783900800000")
        XCTAssertEqual(u.openDay(Series(eur), CivilDate(year: 2026, month: 7, day: 13)),
                       "https://jetta.dukascopy.com/v1/candles/minute/EUR-USD/BID?from=1783900800000")
    }

    func testReferenceURLsAndCachePathsTakeTheSide() throws {
        let u = try JettaURL(base: "http://h")
        let btc = Symbol(code: "BTC-USD", fileName: "BTC-USD")
        XCTAssertEqual(ReferencePeriod.hours(2023, 2).url(u, Series(btc)), "http://h/v1/candles/hour/BTC-USD/BID/2023/2")
        XCTAssertEqual(ReferencePeriod.hours(2023, 2).url(u, Series(btc, .ask)), "http://h/v1/candles/hour/BTC-USD/ASK/2023/2")
        XCTAssertEqual(ReferencePeriod.days(2023).url(u, Series(btc, .ask)), "http://h/v1/candles/day/BTC-USD/ASK/2023")
        XCTAssertEqual(ReferencePeriod.hours(2023, 2).cachePath(cacheDirectory: "c", series: Series(btc)), "c/reference/hour/BTC-USD/2023-02.json")
        XCTAssertEqual(ReferencePeriod.hours(2023, 2).cachePath(cacheDirectory: "c", series: Series(btc, .bid)), "c/reference/hour/BTC-USD/2023-02.json")
        XCTAssertEqual(ReferencePeriod.days(2023).cachePath(cacheDirectory: "c", series: Series(btc, .ask)), "c/reference/day/BTC-USD@ASK/2023.json")
    }

    func testEveryFileOfAnAskSeriesIsNamedByTheSeries() {
        let l = CacheLayout(cacheDirectory: "cache", tempDirectory: "data/temp")
        let ask = Series(eur, .ask)
        XCTAssertEqual(l.cachePath(ask, day), "cache/2025/11/EUR-USD@ASK_20251126.json")
        XCTAssertEqual(l.growingPath(ask, day), "data/temp/EUR-USD@ASK_20251126.json")
        XCTAssertEqual(l.growingPath(ask, day, extension: "csv"), "data/temp/EUR-USD@ASK_20251126.csv")
        XCTAssertEqual(l.heldPath(ask, day), "data/held/2025/11/EUR-USD@ASK_20251126.json")
        // The BID series keeps the paths of a symbol, byte for byte.
        XCTAssertEqual(l.cachePath(Series(eur, .bid), day), "cache/2025/11/EUR-USD_20251126.json")
    }

    func testOneSidesFilesAreNeverTheOthers() throws {
        let dir = Workdir(for: self)
        dir.write("data/temp/EUR-USD_20251126.json", "{}")
        dir.write("data/temp/EUR-USD@ASK_20251127.json", "{}")
        dir.write("data/held/2025/11/EUR-USD_20251124.json", "{}")
        dir.write("data/held/2025/11/EUR-USD@ASK_20251125.json", "{}")
        let l = CacheLayout(cacheDirectory: dir.url("cache"), tempDirectory: dir.url("data/temp"))
        XCTAssertEqual(l.growingDays(Series(eur, .bid)), [day])
        XCTAssertEqual(l.growingDays(Series(eur, .ask)), [day.adding(days: 1)])
        XCTAssertEqual(l.heldDays(Series(eur, .bid)), [day.adding(days: -2)])
        XCTAssertEqual(l.heldDays(Series(eur, .ask)), [day.adding(days: -1)])
    }

    func testBatchPositionalsAreSeriesAndSideGivesThePlainWordsSides() throws {
        XCTAssertEqual(try batchSeries(["EUR-USD"]), ["EUR-USD"])
        XCTAssertEqual(try batchSeries(["EUR-USD", "EUR-USD@ASK", "BTC-USD"]), ["EUR-USD", "EUR-USD@ASK", "BTC-USD"])
        XCTAssertEqual(try batchSeries(["--side", "BID", "--side", "ASK", "EUR-USD"]), ["EUR-USD", "EUR-USD@ASK"])
        XCTAssertEqual(try batchSeries(["--side", "ask", "EURUSD", "BTC-USD@bid"]), ["EURUSD@ASK", "BTC-USD"])
        XCTAssertEqual(try batchSeries(["--side", "ASK", "--side", "BID", "EUR/USD"]), ["EUR-USD", "EUR-USD@ASK"])
    }

    func testFilterModeTakesTheSideFromTheOptionOrTheSeriesName() throws {
        let ask = FetchStage.Mode.filter(Series(eur, .ask), CivilDate(year: 2026, month: 7, day: 10))
        XCTAssertEqual(try options(["--side", "ASK", "EUR-USD", "2026-07-10"]).mode, ask)
        XCTAssertEqual(try options(["EUR-USD@ASK", "2026-07-10"]).mode, ask)
        XCTAssertEqual(try options(["--side", "ask", "EUR-USD@ASK", "2026-07-10"]).mode, ask)
        XCTAssertEqual(try options(["EUR-USD", "2026-07-10"]).mode, .filter(Series(eur, .bid), CivilDate(year: 2026, month: 7, day: 10)))
    }

    func testHeldModesTakeSeries() throws {
        let base = ["--cache-dir", "c", "--temp-dir", "d/temp"]
        guard case let .listHeld(series, _) = try options(base + ["--list-held", "--side", "BID", "--side", "ASK", "EUR-USD"]).mode
        else { return XCTFail() }
        XCTAssertEqual(series, [Series(eur, .bid), Series(eur, .ask)])
        guard case let .acceptHeld(one, _, _) = try options(base + ["--accept-held", "all", "EUR-USD@ASK"]).mode else { return XCTFail() }
        XCTAssertEqual(one, [Series(eur, .ask)])
    }

    func testBadSideWordsAreUsageErrors() {
        let batch = ["--cache-dir", "c", "--temp-dir", "t", "--start", "2026-07-01"]
        let bad: [[String]] = [
            ["--side", "MID", "EUR-USD", "2026-07-10"],
            ["--side", "BID", "--side", "ASK", "EUR-USD", "2026-07-10"],     // filter mode: one side
            ["--side", "BID", "EUR-USD@ASK", "2026-07-10"],                  // two different sides named
            ["EUR-USD@MID", "2026-07-10"],
            batch + ["EUR-USD", "EUR-USD@BID"], batch + ["EUR-USD@ASK", "EUR-USD@ask"],
            batch + ["--side", "ASK", "EUR-USD", "EUR-USD@ASK"],
            batch + ["EURUSD", "EUR-USD@ASK"],                              // one instrument spelled two ways
            batch + ["--side", "BID", "--side", "bogus", "EUR-USD"],
        ]
        for argv in bad {
            XCTAssertThrowsError(try options(argv), "\(argv)") { error in
                XCTAssertEqual(ExitStatus.code(for: (error as! OHLCVError).kind), 64, "\(argv)")
            }
        }
    }

    func testRecheckListLinesNameSeries() throws {
        let dir = Workdir(for: self)
        dir.write("list", "EUR-USD 2026-07-08\nEURUSD@ask 2026-07-09\nEUR/USD 2026-07-10\n")
        let series = [Series(eur, .bid), Series(eur, .ask)]
        let list = try RecheckList.read(dir.url("list"), series: series)
        XCTAssertEqual(list["EUR-USD"], [CivilDate(year: 2026, month: 7, day: 8), CivilDate(year: 2026, month: 7, day: 10)])
        XCTAssertEqual(list["EUR-USD@ASK"], [CivilDate(year: 2026, month: 7, day: 9)])
        dir.write("bad", "EUR-USD@ASK 2026-07-08\n")
        XCTAssertThrowsError(try RecheckList.read(dir.url("bad"), series: [Series(eur, .bid)])) { error in
            XCTAssertEqual((error as! OHLCVError).line, 1)
        }
    }

    func jobs(_ n: Int) -> [DayPlanner.Job] {
        (0..<n).map { DayPlanner.Job(day: day.adding(days: Int64($0)), purpose: .missing) }
    }

    func testTheEstimateCountsSeriesAndRequestsPerSideWhenAskIsFetched() {
        let report = FetchReport(interactive: false)
        report.plan(symbols: 2, jobs: jobs(60), rate: 5, sides: Array(repeating: .bid, count: 40) + Array(repeating: .ask, count: 20),
                    seriesSides: [.bid, .ask, .bid])
        XCTAssertEqual(report.estimate(), "fetch: 2 symbols, 3 series (BID 2, ASK 1), 60 days to fetch: 60 requests (BID 40, ASK 20), about 12 s at 5 requests/s")
        let short = FetchReport(interactive: false)
        short.plan(symbols: 1, jobs: jobs(1), rate: 5, sides: [.ask], seriesSides: [.ask])
        XCTAssertEqual(short.estimate(), "fetch: 1 symbol, 1 series (ASK 1), 1 request (ASK 1)")
        let bidOnly = FetchReport(interactive: false)
        bidOnly.plan(symbols: 2, jobs: jobs(2), rate: 5, sides: [.bid, .bid], seriesSides: [.bid, .bid])
        XCTAssertEqual(bidOnly.estimate(), "fetch: 2 symbols, 2 requests")
    }

    func testTheSummaryCountsRequestsPerSideAndMetadataApart() {
        let report = FetchReport(interactive: false)
        report.plan(symbols: 1, jobs: jobs(2), rate: 5, sides: [.bid, .ask], seriesSides: [.bid, .ask])
        let line = report.summary(requests: 5, retries: 1, bySide: [.bid: 2, .ask: 2])
        XCTAssertTrue(line.hasPrefix("fetch: 1 symbol, 2 series (BID 1, ASK 1), 0 days fetched, "), line)
        XCTAssertTrue(line.contains(", 5 requests (BID 2, ASK 2, metadata 1; 1 retries), "), line)
        let bidOnly = FetchReport(interactive: false)
        bidOnly.plan(symbols: 1, jobs: jobs(1), rate: 5)
        XCTAssertTrue(bidOnly.summary(requests: 1, retries: 0, bySide: [.bid: 1]).contains(", 1 request (0 retries), "))
    }
}
