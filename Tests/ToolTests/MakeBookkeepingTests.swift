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
}
