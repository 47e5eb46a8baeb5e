import XCTest
@testable import OHLCVCore

final class TerminalTests: XCTestCase {
    func testGroupsThousands() {
        XCTAssertEqual([0, 7, 999, 1000, 23_012, 1_234_567, -4500].map(Terminal.grouped),
                       ["0", "7", "999", "1,000", "23,012", "1,234,567", "-4,500"])
    }

    func testDurationsKeepThePrecisionThatMattersAtTheirSize() {
        XCTAssertEqual([0, 45, 60, 290, 3599, 3600, 4602, 4629, 7170].map { Terminal.duration(seconds: $0) },
                       ["0 s", "45 s", "1 min", "4 min 50 s", "59 min 59 s", "1 h", "1 h 17 min", "1 h 17 min", "2 h"])
    }

    func testPercentIsRoundedDownSoThatHundredMeansDone() {
        XCTAssertEqual([Terminal.percent(0, of: 10), Terminal.percent(999, of: 1000), Terminal.percent(1000, of: 1000),
                        Terminal.percent(0, of: 0)], [0, 99, 100, 100])
    }

    func testProgressIsSilentWhenNotInteractive() {
        // Nothing is drawn, so no line is left open for an ABORT line or a signal to end.
        let progress = Progress(stage: "resample", enabled: false)
        progress.update("EUR-USD 1h", 5, of: 10)
        XCTAssertFalse(ProgressLine.close())
    }
}
