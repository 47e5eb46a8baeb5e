import Foundation
@testable import OHLCVCore
import OHLCVTestSupport
import XCTest

/// Unit tests of the stage's option handling and day listing; running the tool is ToolTests' job.
final class AggregateStageTests: XCTestCase {
    private func options(_ argv: [String]) throws -> AggregateStage.Options {
        try AggregateStage.options(from: RawArguments(argv, valued: AggregateStage.valuedOptions, flags: AggregateStage.flagOptions))
    }

    func testUsageListsEveryOption() {
        for name in AggregateStage.valuedOptions.union(AggregateStage.flagOptions) {
            XCTAssertTrue(AggregateStage.usage.contains("--\(name)"), "--\(name) is missing from the usage text")
        }
    }

    func testFilterModeDefaultsToStandardInput() throws {
        XCTAssertEqual(try options([]).inputs, ["-"])
        XCTAssertEqual(try options(["a.csv", "b.csv"]).inputs, ["a.csv", "b.csv"])
    }

    func testFileModeNeedsSymbolAndTransformDirectoryAndNoFiles() throws {
        assertThrows(.usage("--output needs --symbol and --transform-dir"), try options(["--output", "o.csv", "--symbol", "S"]))
        assertThrows(.usage("--output needs --symbol and --transform-dir"), try options(["--output", "o.csv", "--transform-dir", "t"]))
        assertThrows(.usage("file mode takes no FILE arguments; list changed days with --changed-from"),
                     try options(["--output", "o.csv", "--symbol", "S", "--transform-dir", "t", "x.csv"]))
        let dir = Workdir(for: self)
        let list = dir.write("changed", "cache/2025/11/S_20251126.json\n\ncache/2025/11/S_20251125.json\n")
        let o = try options(["--output", "o.csv", "--symbol", "S", "--transform-dir", "t", "--changed-from", list, "--alignment", "ny-close"])
        XCTAssertEqual(o.changed, ["cache/2025/11/S_20251126.json", "cache/2025/11/S_20251125.json"])
        XCTAssertEqual(o.alignment, .newYorkClose)
    }

    func testRecordsDecimalsAndAlignmentInItsConfiguration() throws {
        let o = try options(["--output", "o.csv", "--symbol", "S", "--transform-dir", "t", "--decimals", "5", "--alignment", "7200000"])
        XCTAssertEqual(AggregateStage.config(o), "stage=aggregate decimals=5 align=shift-ms=7200000")
    }

    func testListsFinalDaysThenGrowingDaysInDateOrder() throws {
        let dir = Workdir(for: self)
        for name in ["t/2025/11/S_20251124.csv", "t/2025/11/S_20251125.csv", "temp/S_20251125.csv", "temp/S_20251126.csv",
                     "temp/S_20251126.json", "temp/X_20251127.csv", "temp/S_20251123.csv"] {
            dir.write(name, "")
        }
        var o = try options(["--output", "o.csv", "--symbol", "S", "--transform-dir", dir.url("t/"), "--temp-dir", dir.url("temp")])
        XCTAssertEqual(AggregateStage.dayFiles(o, from: nil).map(\.0),
                       [dir.url("temp/S_20251123.csv"), dir.url("t/2025/11/S_20251124.csv"), dir.url("t/2025/11/S_20251125.csv"),
                        dir.url("temp/S_20251126.csv")])
        XCTAssertEqual(AggregateStage.dayFiles(o, from: CivilDate(year: 2025, month: 11, day: 25)).map(\.0),
                       [dir.url("t/2025/11/S_20251125.csv"), dir.url("temp/S_20251126.csv")])
        o.tempDirectory = nil
        XCTAssertEqual(AggregateStage.dayFiles(o, from: nil).map(\.1),
                       [CivilDate(year: 2025, month: 11, day: 24), CivilDate(year: 2025, month: 11, day: 25)])
    }
}
