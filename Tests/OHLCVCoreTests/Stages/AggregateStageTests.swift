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

    private func update(_ argv: [String]) throws -> AggregateUpdate {
        var update: AggregateUpdate?
        if case .file(let u) = try options(argv).mode { update = u }
        return try XCTUnwrap(update, "\(argv) is not file mode")
    }

    func testFilterModeDefaultsToStandardInput() throws {
        guard case .filter(["-"], nil) = try options([]).mode else { return XCTFail("no input: stdin") }
        guard case .filter(["a.csv", "b.csv"], "S") = try options(["a.csv", "b.csv", "--symbol", "S"]).mode else {
            return XCTFail("the files, in order")
        }
    }

    func testFileModeNeedsSymbolAndTransformDirectoryAndNoFiles() throws {
        assertThrows(.usage("--output needs --symbol and --transform-dir"), try options(["--output", "o.csv", "--symbol", "S"]))
        assertThrows(.usage("--output needs --symbol and --transform-dir"), try options(["--output", "o.csv", "--transform-dir", "t"]))
        assertThrows(.usage("file mode takes no FILE arguments; list changed days with --changed-from"),
                     try options(["--output", "o.csv", "--symbol", "S", "--transform-dir", "t", "x.csv"]))
        let dir = Workdir(for: self)
        let list = dir.write("changed", "cache/2025/11/S_20251126.json\n\ncache/2025/11/S_20251125.json\n")
        let u = try update(["--output", "o.csv", "--symbol", "S", "--transform-dir", "t", "--changed-from", list, "--alignment", "ny-close"])
        XCTAssertEqual(u.changed, ["cache/2025/11/S_20251126.json", "cache/2025/11/S_20251125.json"])
        XCTAssertEqual(u.alignment, .newYorkClose)
        XCTAssertEqual([u.symbol, u.output, u.transformDirectory], ["S", "o.csv", "t"])
    }

    func testRecordsDecimalsAndAlignmentInItsConfiguration() throws {
        let u = try update(["--output", "o.csv", "--symbol", "S", "--transform-dir", "t", "--decimals", "5", "--alignment", "7200000"])
        XCTAssertEqual(u.settings, "stage=aggregate decimals=5 align=shift-ms=7200000")
    }

    func testListsFinalDaysThenGrowingDaysInDateOrder() throws {
        let dir = Workdir(for: self)
        for name in ["t/2025/11/S_20251124.csv", "t/2025/11/S_20251125.csv", "temp/S_20251125.csv", "temp/S_20251126.csv",
                     "temp/S_20251126.json", "temp/X_20251127.csv", "temp/S_20251123.csv"] {
            dir.write(name, "")
        }
        var u = try update(["--output", "o.csv", "--symbol", "S", "--transform-dir", dir.url("t/"), "--temp-dir", dir.url("temp")])
        XCTAssertEqual(u.dayFiles(from: nil).map(\.0),
                       [dir.url("temp/S_20251123.csv"), dir.url("t/2025/11/S_20251124.csv"), dir.url("t/2025/11/S_20251125.csv"),
                        dir.url("temp/S_20251126.csv")])
        XCTAssertEqual(u.dayFiles(from: CivilDate(year: 2025, month: 11, day: 25)).map(\.0),
                       [dir.url("t/2025/11/S_20251125.csv"), dir.url("temp/S_20251126.csv")])
        u.tempDirectory = nil
        XCTAssertEqual(u.dayFiles(from: nil).map(\.1),
                       [CivilDate(year: 2025, month: 11, day: 24), CivilDate(year: 2025, month: 11, day: 25)])
    }
}
