import OHLCVCore
import XCTest

final class CandleCSVFormatTests: XCTestCase {
    func testTheHeaderIsTheSpecs() {
        XCTAssertEqual(CandleCSVFormat.header, "time,open,high,low,close,volume\n")
        XCTAssertEqual(CandleCSVFormat.headerBytes, Array("time,open,high,low,close,volume\n".utf8))
        XCTAssertEqual(CandleCSVFormat.headerLength, 32)
        XCTAssertEqual(CandleCSVFormat.defaultDecimals, 8)
        XCTAssertEqual(CandleCSVFormat.decimalsRange, 0...12)
    }
}
