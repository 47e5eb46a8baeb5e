import XCTest
@testable import OHLCVCore

final class SideTests: XCTestCase {
    func testSidesParseInAnyCaseAndNothingElse() {
        XCTAssertEqual(Side(parsing: "BID"), .bid)
        XCTAssertEqual(Side(parsing: "ask"), .ask)
        XCTAssertEqual(Side(parsing: "Ask"), .ask)
        for bad in ["", "MID", "ASKS", " ASK", "B"] { XCTAssertNil(Side(parsing: bad), bad) }
    }

    func testAListNamesEachSideOnceBidFirst() throws {
        XCTAssertEqual(try Side.list(parsing: ["ASK", "BID"]), [.bid, .ask])
        XCTAssertEqual(try Side.list(parsing: ["ask", "ASK"]), [.ask])
        XCTAssertThrowsError(try Side.list(parsing: [])) { XCTAssertTrue("\($0)".contains("no side")) }
        XCTAssertThrowsError(try Side.list(parsing: ["BID", "MID"])) { XCTAssertTrue("\($0)".contains("'MID' is not a side")) }
    }

    func testTheAPISegmentIsTheUpperCaseName() {
        XCTAssertEqual(Side.bid.description, "BID")
        XCTAssertEqual(Side.ask.description, "ASK")
    }
}
