import Foundation
@testable import OHLCVCore
import XCTest

/// Unit tests of the stage's option handling; running the tool is ToolTests' job.
final class ResampleStageTests: XCTestCase {
    private func options(_ argv: [String]) throws -> ResampleStage.Options {
        try ResampleStage.options(from: RawArguments(argv, valued: ResampleStage.valuedOptions, flags: ResampleStage.flagOptions))
    }

    private func update(_ argv: [String]) throws -> ResampleUpdate {
        var update: ResampleUpdate?
        if case .file(let u) = try options(argv).mode { update = u }
        return try XCTUnwrap(update, "\(argv) is not file mode")
    }

    func testUsageListsEveryOption() {
        for name in ResampleStage.valuedOptions.union(ResampleStage.flagOptions) {
            XCTAssertTrue(ResampleStage.usage.contains("--\(name)"), "--\(name) is missing from the usage text")
        }
    }

    func testFilterModeNeedsATimeframeAndOneInput() throws {
        assertThrows(.usage("give --timeframe TF (filter mode) or --output-dir DIR (file mode)"), try options([]))
        assertThrows(.usage("filter mode takes one input"), try options(["--timeframe", "5m", "a.csv", "b.csv"]))
        guard case let .filter(timeframe, input) = try options(["--timeframe", "4h+1h"]).mode else {
            return XCTFail("--timeframe is filter mode")
        }
        XCTAssertEqual(timeframe.description, "4h+1h")
        XCTAssertEqual(input, "-")
        let bad = assertOHLCVError(try options(["--timeframe", "5x"]))
        guard case .usage(let message)? = bad?.kind else { return XCTFail(String(describing: bad)) }
        XCTAssertTrue(message.contains("'5x'"), message)
        XCTAssertEqual(bad.map { ExitStatus.code(for: $0.kind) }, ExitStatus.usage)
    }

    func testFileModeBuildsTheDefaultCascadeOrTheListedOne() throws {
        let base = ["--output-dir", "out/", "--symbol", "EUR-USD", "--input", "agg/EUR-USD.csv"]
        XCTAssertEqual(try update(base).plan, try CascadePlan(Timeframe.defaults))
        XCTAssertEqual(try update(base + ["--timeframes", "1h,4h 1d"]).plan, try CascadePlan(["1h", "4h", "1d"]))
        assertThrows(.usage("--output-dir needs --symbol and --input"), try options(["--output-dir", "out", "--symbol", "S"]))
        assertThrows(.usage("--timeframe is for filter mode; use --timeframes"), try options(base + ["--timeframe", "5m"]))
        let u = try update(base)
        XCTAssertEqual(u.path(Timeframe.oneMinute), "agg/EUR-USD.csv")
        XCTAssertEqual(u.path(try Timeframe(parsing: "4h+1h")), "out/4h+1h/EUR-USD.csv")
    }

    func testRecordsTimeframeSourceDecimalsAndAlignmentInItsConfiguration() throws {
        let u = try update(["--output-dir", "out", "--symbol", "S", "--input", "a.csv", "--alignment", "ny-close"])
        XCTAssertEqual(u.settings(u.plan.steps[1]), "stage=resample tf=15m source=5m decimals=8 align=ny-close")
    }
}
