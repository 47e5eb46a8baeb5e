import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// Unit tests of the stage's option handling; running the tool is ToolTests' job.
final class TransformStageTests: XCTestCase {
    private func options(_ argv: [String]) throws -> TransformStage.Options {
        try TransformStage.options(from: RawArguments(argv, valued: TransformStage.valuedOptions, flags: TransformStage.flagOptions))
    }

    func testUsageListsEveryOption() {
        for name in TransformStage.valuedOptions.union(TransformStage.flagOptions) {
            XCTAssertTrue(TransformStage.usage.contains("--\(name)"), "--\(name) is missing from the usage text")
        }
    }

    func testDefaultsToAFilterOnStandardInputAtEightDecimalsInUTC() throws {
        let o = try options([])
        XCTAssertEqual(o.inputs, ["-"])
        XCTAssertEqual(o.decimals, 8)
        XCTAssertEqual(o.alignment, .utc)
        XCTAssertNil(o.outputDirectory)
        XCTAssertNil(o.symbol)
    }

    func testReadsAlignmentFromTheShiftOrTheAlignmentOption() throws {
        XCTAssertEqual(try options(["--time-shift-ms", "7200000"]).alignment, .fixed(milliseconds: 7_200_000))
        XCTAssertEqual(try options(["--alignment", "ny-close"]).alignment, .newYorkClose)
        XCTAssertEqual(try options(["--time-shift-ms", "7200000", "--alignment", "ny-close"]).alignment, .newYorkClose)
        assertOHLCVError(try options(["--time-shift-ms", "1500"]))
    }

    func testRefusesDecimalsOutsideZeroToTwelve() {
        assertThrows(.usage("--decimals must be a whole number in 0...12, not '13'"), try options(["--decimals", "13"]))
    }

    func testFilterModeTakesOneInput() {
        assertThrows(.usage("filter mode takes one input; use --output-dir for many"), try options(["a.json", "b.json"]))
    }

    func testBatchModeReadsInputsFromTheArgumentsAndAList() throws {
        let dir = Workdir(for: self)
        let list = dir.write("list", "c/EUR-USD_20250102.json\n\nc/EUR-USD_20250103.json\n")
        let o = try options(["--output-dir", "out", "--files-from", list, "c/EUR-USD_20250101.json"])
        XCTAssertEqual(o.inputs, ["c/EUR-USD_20250101.json", "c/EUR-USD_20250102.json", "c/EUR-USD_20250103.json"])
        assertThrows(.usage("--files-from needs --output-dir"), try options(["--files-from", list]))
        assertThrows(.noInput(path: dir.url("absent")), try options(["--output-dir", "out", "--files-from", dir.url("absent")]))
    }

    func testPlacesEachDayInTheDatedTreeOrBesideATempPayload() throws {
        XCTAssertEqual(try TransformStage.outputPath(for: "cache/2025/11/EUR-USD_20251126.json", outputDirectory: "data/transform/1m/",
                                                     tempDirectory: "data/temp"),
                       "data/transform/1m/2025/11/EUR-USD_20251126.csv")
        XCTAssertEqual(try TransformStage.outputPath(for: "data/temp/EUR-USD_20251126.json", outputDirectory: "data/transform/1m",
                                                     tempDirectory: "data/temp/"),
                       "data/temp/EUR-USD_20251126.csv")
        assertThrows(.usage("'cache/x.json' is not named SYM_YYYYMMDD.json, so its output path is unknown"),
                     try TransformStage.outputPath(for: "cache/x.json", outputDirectory: "o", tempDirectory: nil))
    }
}
