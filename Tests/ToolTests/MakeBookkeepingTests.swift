import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// make's own bookkeeping (issue 9, item 8): its stamps survive, so a run with nothing new starts no stage.
final class MakeBookkeepingTests: XCTestCase {
    /// A BIN directory whose tools log their name to `log` and then run the real tool.
    func loggingTools(_ dir: Workdir) -> String {
        let bin = dir.url("logging-bin")
        for tool in ["fetch", "transform", "aggregate", "resample", "parquet", "config"] {
            dir.write("logging-bin/ohlcv-\(tool)", "#!/bin/sh\necho ohlcv-\(tool) >> '\(dir.url("tools.log"))'\nexec '\(Binaries.path(of: "ohlcv-\(tool)"))' \"$@\"\n")
            chmod("\(bin)/ohlcv-\(tool)", 0o755)
        }
        return bin
    }

    func testARunWithNothingNewStartsNoStage() throws {
        let dir = Workdir("bookkeeping")
        let harness = PipelineHarness(dir, seed: 9)
        harness.writeFinalDay(CivilDate(year: 2024, month: 5, day: 6))
        let bin = loggingTools(dir)
        makeOK(dir, ["pipeline"], variables: ["BIN": bin])
        let first = dir.readText("tools.log") ?? ""
        XCTAssertEqual(first.split(separator: "\n").filter { $0 == "ohlcv-resample" }.count, 2, first)
        XCTAssertTrue(dir.exists("data/stamp/EUR-USD.config"), "make deleted its settings stamp: \(dir.listing("data/stamp"))")
        dir.remove("tools.log")
        for _ in 0..<2 {
            makeOK(dir, ["pipeline"], variables: ["BIN": bin])
            let stages = (dir.readText("tools.log") ?? "").split(separator: "\n").filter { $0 != "ohlcv-config" }
            XCTAssertEqual(stages, [], "a run with nothing new started stages")
        }
        // A new day starts exactly the three stages of each symbol.
        harness.writeFinalDay(CivilDate(year: 2024, month: 5, day: 7))
        dir.remove("tools.log")
        makeOK(dir, ["pipeline"], variables: ["BIN": bin])
        let stages = (dir.readText("tools.log") ?? "").split(separator: "\n").filter { $0 != "ohlcv-config" }
        XCTAssertEqual(stages.sorted(), ["ohlcv-aggregate", "ohlcv-aggregate", "ohlcv-resample", "ohlcv-resample",
                                         "ohlcv-transform", "ohlcv-transform"])
    }

    /// Not on a terminal, a run prints exactly one line (issue 10, item 6): for cron logs, what it updated and how
    /// far each symbol's candles reach.
    func testEveryRunEndsWithOneSummaryLine() throws {
        let dir = Workdir("summary-line")
        let harness = PipelineHarness(dir, seed: 10)
        harness.writeFinalDay(CivilDate(year: 2024, month: 5, day: 6))
        func lastMinute(_ symbol: String) -> String {
            let rows = (dir.readText("data/aggregate/1m/\(symbol).csv") ?? "").split(separator: "\n")
            return String(rows.last?.prefix(16) ?? "")
        }
        let first = makeOK(dir, ["pipeline"])
        let lines = first.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, first.stderr)
        let (eur, btc) = (lastMinute("EUR-USD"), lastMinute("BTC-USD"))
        XCTAssertTrue(eur.hasPrefix("2024-05-06 ") && btc.hasPrefix("2024-05-06 "), "\(eur) \(btc)")
        let reach = eur == btc ? "last 1m candle \(eur) (every symbol)"
            : "last 1m candle \(max(eur, btc)) (\(eur > btc ? "EUR-USD" : "BTC-USD")); oldest \(min(eur, btc)) (\(eur > btc ? "BTC-USD" : "EUR-USD"))"
        XCTAssertTrue(lines[0].hasPrefix("pipeline: finished in "), first.stderr)
        XCTAssertTrue(lines[0].hasSuffix(": 2 symbols, 2 updated (EUR-USD, BTC-USD); \(reach)"), first.stderr)

        let again = makeOK(dir, ["pipeline"])
        XCTAssertEqual(again.stderr.split(separator: "\n").count, 1, again.stderr)
        XCTAssertTrue(again.stderr.contains(": 2 symbols, none updated; \(reach)\n"), again.stderr)

        let one = makeOK(dir, ["pipeline"], variables: ["SYMBOL": "btcusd"])
        XCTAssertTrue(one.stderr.contains(": 1 symbol, none updated; last 1m candle \(btc)\n"), one.stderr)
    }
}
