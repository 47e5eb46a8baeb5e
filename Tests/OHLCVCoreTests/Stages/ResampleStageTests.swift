import Foundation
@testable import OHLCVCore
import XCTest

/// Unit tests of the stage's option handling; running the tool is ToolTests' job.
final class ResampleStageTests: XCTestCase {
    private func options(_ argv: [String]) throws -> ResampleStage.Options {
        try ResampleStage.options(from: RawArguments(argv, valued: ResampleStage.valuedOptions, flags: ResampleStage.flagOptions))
    }

    func testUsageListsEveryOption() {
        for name in ResampleStage.valuedOptions.union(ResampleStage.flagOptions) {
            XCTAssertTrue(ResampleStage.usage.contains("--\(name)"), "--\(name) is missing from the usage text")
        }
    }

    func testFilterModeNeedsATimeframeAndOneInput() throws {
        assertThrows(.usage("give --timeframe TF (filter mode) or --output-dir DIR (file mode)"), try options([]))
        assertThrows(.usage("filter mode takes one input"), try options(["--timeframe", "5m", "a.csv", "b.csv"]))
        let o = try options(["--timeframe", "4h+1h"])
        XCTAssertEqual(o.timeframe?.description, "4h+1h")
        XCTAssertEqual(o.input, "-")
        let bad = assertOHLCVError(try options(["--timeframe", "5x"]))
        guard case .configuration? = bad?.kind else { return XCTFail(String(describing: bad)) }
    }

    func testFileModeBuildsTheDefaultCascadeOrTheListedOne() throws {
        let base = ["--output-dir", "out/", "--symbol", "EUR-USD", "--input", "agg/EUR-USD.csv"]
        XCTAssertEqual(try options(base).plan, try CascadePlan(Timeframe.defaults))
        XCTAssertEqual(try options(base + ["--timeframes", "1h,4h 1d"]).plan, try CascadePlan(["1h", "4h", "1d"]))
        assertThrows(.usage("--output-dir needs --symbol and --input"), try options(["--output-dir", "out", "--symbol", "S"]))
        assertThrows(.usage("--timeframe is for filter mode; use --timeframes"), try options(base + ["--timeframe", "5m"]))
        let o = try options(base)
        XCTAssertEqual(ResampleStage.path(o, Timeframe.oneMinute), "agg/EUR-USD.csv")
        XCTAssertEqual(ResampleStage.path(o, try Timeframe(parsing: "4h+1h")), "out/4h+1h/EUR-USD.csv")
    }

    func testRecordsTimeframeSourceDecimalsAndAlignmentInItsConfiguration() throws {
        let o = try options(["--output-dir", "out", "--symbol", "S", "--input", "a.csv", "--alignment", "ny-close"])
        let step = o.plan!.steps[1]
        XCTAssertEqual(ResampleStage.config(o, step), "stage=resample tf=15m source=5m decimals=8 align=ny-close")
    }
}
