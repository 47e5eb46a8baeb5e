import Foundation
import OHLCVCore
import XCTest

final class OHLCVErrorTests: XCTestCase {
    func testRendersTheAbortLineWithStageSymbolFileAndLine() {
        var error = OHLCVError(.arrayLengthMismatch(field: "volumes", count: 1439, expected: 1440), line: 1)
        error.stage = "transform"
        error.symbol = "EUR-USD"
        error.file = "cache/2025/11/EUR-USD_20251126.json"
        XCTAssertEqual(error.description,
                       "ABORT! Critical error in transform: EUR-USD: cache/2025/11/EUR-USD_20251126.json:1: arrays differ in length: volumes has 1439, times has 1440")
    }

    func testNamesTheByteOffsetWhenTheLineIsUnknown() {
        var error = OHLCVError(.badCSV(.wrongFieldCount(row: "x", expected: 6)), file: "data/aggregate/1m/EUR-USD.csv", byteOffset: 4711)
        error.stage = "aggregate"
        XCTAssertEqual(error.description,
                       "ABORT! Critical error in aggregate: data/aggregate/1m/EUR-USD.csv (byte 4711): bad CSV: expected 6 fields in 'x'")
        error.line = 12
        XCTAssertEqual(error.description, "ABORT! Critical error in aggregate: data/aggregate/1m/EUR-USD.csv:12: bad CSV: expected 6 fields in 'x'")
    }

    func testLeavesOutWhatIsUnknown() {
        XCTAssertEqual(OHLCVError(.corruptIndex(.truncated)).description, "ABORT! Critical error in ohlcv: corrupt index: truncated")
        var error = OHLCVError(.corruptIndex(.truncated), line: 3)
        error.symbol = "BTC-USD"
        XCTAssertEqual(error.description, "ABORT! Critical error in ohlcv: BTC-USD: corrupt index: truncated", "a line without a file is not shown")
    }

    func testNamesAFileWithoutAPosition() {
        var error = OHLCVError(.noInput(path: "cache/2025/11/EUR-USD_20251126.json"), file: "cache/2025/11/EUR-USD_20251126.json")
        error.stage = "transform"
        error.symbol = "EUR-USD"
        XCTAssertEqual(error.description, "ABORT! Critical error in transform: EUR-USD: cache/2025/11/EUR-USD_20251126.json: no such input: cache/2025/11/EUR-USD_20251126.json")
    }

    func testRendersUsageErrorsWithTheAbortPrefixToo() {
        var error = OHLCVError(.usage("unknown option '--x' (see --help)"))
        error.stage = "transform"
        XCTAssertEqual(error.description, "ABORT! Critical error in transform: unknown option '--x' (see --help)")
    }

    func testWritesEachKindsMessage() {
        let cases: [(OHLCVError.Kind, String)] = [
            (.badNumber(field: "high", text: "1.2.3"), "bad number in high: '1.2.3'"),
            (.highBelowLow(time: "2025-01-01 00:01:00"), "high is below low at 2025-01-01 00:01:00"),
            (.outOfOrder(previous: "2025-01-01 00:01:00", current: "2025-01-01 00:00:00"),
             "times do not strictly increase: 2025-01-01 00:00:00 follows 2025-01-01 00:01:00"),
            (.configuration(.timeframeListedTwice("5m")), "bad configuration: timeframe '5m' is listed twice"),
            (.noInput(path: "a.json"), "no such input: a.json"),
            (.io(operation: "open", errno: ENOENT), "open failed: No such file or directory"),
        ]
        for (kind, message) in cases { XCTAssertEqual(OHLCVError(kind).message, message) }
    }

    func testContextFillsOnlyTheFieldsThatAreStillEmpty() {
        let inner = OHLCVError(.badCSV(.fileShrank), file: "inner.csv", line: 7)
        XCTAssertThrowsError(try withErrorContext(stage: "aggregate", symbol: "EUR-USD", file: "outer.csv") { () -> Int in
            try withErrorContext(symbol: "XAU-USD") { () -> Int in throw inner }
        }) { error in
            let e = error as? OHLCVError
            XCTAssertEqual(e?.stage, "aggregate")
            XCTAssertEqual(e?.symbol, "XAU-USD")
            XCTAssertEqual(e?.file, "inner.csv")
            XCTAssertEqual(e?.line, 7)
        }
        struct Other: Error {}
        XCTAssertThrowsError(try withErrorContext(file: "f") { () -> Int in throw Other() }) { XCTAssertTrue($0 is Other) }
        XCTAssertEqual(try withErrorContext(file: "f") { 42 }, 42)
    }

    func testADecoderErrorReachesTheAbortLineWithItsContext() {
        XCTAssertThrowsError(try withErrorContext(stage: "transform", symbol: "EUR-USD", file: "cache/2026/07/EUR-USD_20260710.json") {
            try JettaDayDecoder.decode(Array(#"{"timestamp":1,"timestamp":2}"#.utf8))
        }) { error in
            XCTAssertTrue((error as? OHLCVError)?.description.hasPrefix(
                "ABORT! Critical error in transform: EUR-USD: cache/2026/07/EUR-USD_20260710.json:1: malformed JSON: key 'timestamp' appears twice") == true,
                "\(error)")
        }
    }
}
