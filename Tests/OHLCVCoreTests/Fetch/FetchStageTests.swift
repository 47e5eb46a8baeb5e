import XCTest
@testable import OHLCVCore

final class FetchStageTests: XCTestCase {
    func options(_ argv: [String]) throws -> FetchStage.Options {
        let raw = try RawArguments(argv, valued: FetchStage.valuedOptions, flags: FetchStage.flagOptions)
        return try FetchStage.options(from: raw)
    }

    func testUsageNamesEveryOption() {
        for name in FetchStage.valuedOptions.union(FetchStage.flagOptions) {
            XCTAssertTrue(FetchStage.usage.contains("--\(name)"), name)
        }
    }

    func testBatchModeDefaults() throws {
        let o = try options(["--cache-dir", "c", "--temp-dir", "t", "--start", "2026-07-01", "--today", "2026-07-13",
                             "--base-url", "http://127.0.0.1:9/", "EURUSD", "BTC-USD"])
        XCTAssertEqual(o.rate, 5)
        XCTAssertEqual(o.concurrency, 4)
        XCTAssertEqual(o.timeoutSeconds, 20)
        XCTAssertEqual(o.retries, 5)
        XCTAssertEqual(o.urls.base, "http://127.0.0.1:9")
        guard case let .batch(series, layout, start, recheck) = o.mode else { return XCTFail() }
        let symbols = series.map(\.symbol)
        XCTAssertEqual(series.map(\.side), [.bid, .bid])
        XCTAssertEqual(symbols.map(\.code), ["EUR-USD", "BTC-USD"])
        XCTAssertEqual(symbols.map(\.fileName), ["EURUSD", "BTC-USD"])
        XCTAssertEqual(layout.cachePath(Series(symbols[0]), start), "c/2026/07/EURUSD_20260701.json")
        XCTAssertEqual(layout.growingPath(Series(symbols[1]), o.today, extension: "csv"), "t/BTC-USD_20260713.csv")
        XCTAssertEqual(recheck, 0)
    }

    func testFilterMode() throws {
        let o = try options(["--today", "2026-07-13", "--base-url", "http://127.0.0.1:9", "EUR/USD", "2026-07-10"])
        XCTAssertEqual(o.mode, .filter(Series(Symbol(code: "EUR-USD", fileName: "EUR-USD")), CivilDate(year: 2026, month: 7, day: 10)))
    }

    func testBadCommandLinesAreUsageErrors() {
        let bad: [[String]] = [
            ["EUR-USD"], ["--start", "2026-01-01", "EUR-USD", "2026-07-01"],
            ["--cache-dir", "c", "--temp-dir", "t", "--start", "2026-07-01"],
            ["--cache-dir", "c", "--start", "2026-07-01", "EUR-USD"],
            ["--cache-dir", "c", "--temp-dir", "t", "--start", "2026-07-20", "--today", "2026-07-13", "EUR-USD"],
            ["--rate", "-1", "EUR-USD", "2026-07-01"], ["--concurrency", "0", "EUR-USD", "2026-07-01"],
            ["--base-url", "file:///etc", "EUR-USD", "2026-07-01"],
            ["--cache-dir", "c", "--temp-dir", "t", "--start", "2026-07-01", "EUR-USD", "EUR/USD"],
        ]
        for argv in bad {
            XCTAssertThrowsError(try options(argv + ["--today", "2026-07-13"]), "\(argv)") { error in
                XCTAssertEqual(ExitStatus.code(for: (error as! OHLCVError).kind), 64, "\(argv)")
            }
        }
    }

    func testHeldModes() throws {
        let base = ["--today", "2026-07-16", "--cache-dir", "c", "--temp-dir", "d/temp"]
        let eur = Series(Symbol(code: "EUR-USD", fileName: "EUR-USD"))
        let btc = Series(Symbol(code: "BTC-USD", fileName: "BTC-USD"))
        XCTAssertEqual(try options(base + ["--list-held", "EUR-USD", "BTC-USD"]).mode,
                       .listHeld(series: [eur, btc], layout: CacheLayout(cacheDirectory: "c", tempDirectory: "d/temp", heldDirectory: "d/held")))
        XCTAssertEqual(try options(base + ["--accept-held", "2026-07-13", "EUR-USD"]).mode,
                       .acceptHeld(series: [eur], layout: CacheLayout(cacheDirectory: "c", tempDirectory: "d/temp", heldDirectory: "d/held"),
                                   day: CivilDate(year: 2026, month: 7, day: 13)))
        XCTAssertEqual(try options(base + ["--held-dir", "h", "--accept-held", "all", "EUR-USD"]).mode,
                       .acceptHeld(series: [eur], layout: CacheLayout(cacheDirectory: "c", tempDirectory: "d/temp", heldDirectory: "h"), day: nil))
        guard case let .batch(_, layout, _, _) = try options(base + ["--start", "2026-07-01", "--held-dir", "h", "EUR-USD"]).mode
        else { return XCTFail() }
        XCTAssertEqual(layout.heldDirectory, "h")
        let bad: [[String]] = [
            base + ["--accept-held", "", "EUR-USD"], base + ["--accept-held", "20260713", "EUR-USD"],
            base + ["--accept-held", "2026-02-30", "EUR-USD"], base + ["--accept-held", "yes", "EUR-USD"],
            base + ["--accept-held", "all"], base + ["--list-held"],
            base + ["--accept-held", "all", "--list-held", "EUR-USD"],
            base + ["--accept-held", "all", "--start", "2026-07-01", "EUR-USD"],
            base + ["--list-held", "--recheck-days", "7", "EUR-USD"],
            ["--today", "2026-07-16", "--cache-dir", "c", "--list-held", "EUR-USD"],
            ["--today", "2026-07-16", "--held-dir", "h", "EUR-USD", "2026-07-13"],
        ]
        for argv in bad {
            XCTAssertThrowsError(try options(argv), "\(argv)") { error in
                XCTAssertEqual(ExitStatus.code(for: (error as! OHLCVError).kind), 64, "\(argv)")
            }
        }
    }
}
