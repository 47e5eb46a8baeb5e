import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// After any settings change that the tools accept, what is served equals a clean build under the new
/// settings (issue 9, item 4; behaviour §6).
final class SettingsChangeTests: XCTestCase {
    let day = CivilDate(year: 2024, month: 5, day: 6)

    func build(_ name: String, symbols: [String] = ["EUR-USD", "BTC-USD"], days: Int = 3) -> (Workdir, PipelineHarness) {
        let dir = Workdir(name)
        let harness = PipelineHarness(dir, seed: 8, symbols: symbols)
        for d in 0..<days { harness.writeFinalDay(day.adding(days: Int64(d))) }
        return (dir, harness)
    }

    /// Everything a reader finds under data/ (CSV and Parquet), indexes and stamps aside.
    func served(_ dir: Workdir) -> [String: [UInt8]] {
        dir.snapshot("data").filter { ($0.key.hasSuffix(".csv") || $0.key.hasSuffix(".parquet")) && !$0.key.hasPrefix("stamp/")
            && !$0.key.hasPrefix("retired/") }
    }

    func clean(_ name: String, symbols: [String] = ["EUR-USD", "BTC-USD"], variables: [String: String]) -> [String: [UInt8]] {
        let (dir, _) = build(name, symbols: symbols)
        makeOK(dir, ["pipeline"], variables: variables)
        makeOK(dir, ["parquet"], variables: variables)
        return served(dir)
    }

    func testEveryKindOfTimeframeChangeEqualsACleanBuild() throws {
        // Removed at the top, removed from the middle of the cascade (1h was built from 15m), added back,
        // and a per-symbol list that shrinks.
        let steps: [[String: String]] = [
            ["TIMEFRAMES": "5m 15m 1h 2h 1d"],
            ["TIMEFRAMES": "5m 15m 1h 1d"],
            ["TIMEFRAMES": "5m 1h 1d"],
            ["TIMEFRAMES": "5m 15m 1h 2h 1d 1M"],
            ["TIMEFRAMES": "5m 15m 1h 2h 1d 1M", "TIMEFRAMES_BTCUSD": "1h 1d"],
            ["TIMEFRAMES": "5m 1h", "PARQUET_TIMEFRAMES": "1m 1h"],
        ]
        let (dir, _) = build("tf-change")
        for (n, vars) in steps.enumerated() {
            makeOK(dir, ["pipeline"], variables: vars)
            makeOK(dir, ["parquet"], variables: vars)
            assertSameOutputs(served(dir), clean("tf-change-clean-\(n)", variables: vars), "step \(n): \(vars)")
        }
        XCTAssertFalse(dir.exists("data/resample/2h"), "\(dir.listing("data/resample"))")
        XCTAssertFalse(dir.exists("data/parquet/timeframe=5m"))
    }

    func testARemovedSymbolIsRetiredNotServedAndItsCacheKept() throws {
        let (dir, _) = build("symbol-removed")
        makeOK(dir, ["pipeline"])
        makeOK(dir, ["parquet"])
        let cache = dir.snapshot("cache")
        let btc = dir.read("data/resample/1h/BTC-USD.csv")
        dir.write("symbols.txt", "EUR-USD\n")
        let run = makeOK(dir, ["pipeline"])
        XCTAssertTrue(run.stderr.contains("BTC-USD is no longer in \(dir.url("symbols.txt")): moved its candles to "), run.stderr)
        assertSameOutputs(served(dir), clean("symbol-removed-clean", symbols: ["EUR-USD"], variables: [:]),
                          "after removing BTC-USD")
        XCTAssertEqual(dir.snapshot("cache"), cache, "the cache is never touched")
        let retired = dir.listing("data/retired").filter { $0.hasSuffix("BTC-USD/resample/1h/BTC-USD.csv") }
        XCTAssertEqual(retired.count, 1, "\(dir.listing("data/retired"))")
        XCTAssertEqual(dir.read("data/retired/\(retired[0])"), btc)

        // Listed again: rebuilt from the cache, as a clean build.
        dir.write("symbols.txt", "EUR-USD\nBTC-USD\n")
        makeOK(dir, ["pipeline"])
        makeOK(dir, ["parquet"])
        assertSameOutputs(served(dir), clean("symbol-readded-clean", variables: [:]), "after listing BTC-USD again")
    }
}
