import OHLCVCore
import XCTest

final class ExtractSelectionTests: XCTestCase {
    func testTheRangeIsHalfOpenAndStopsAtUntil() {
        let s = ExtractSelection(after: 100, until: 200)
        XCTAssertEqual([99, 100, 199, 200, 201].map(s.step), [.skip, .keep, .keep, .stop, .stop])
        XCTAssertEqual([Int64.min, 0, Int64.max].map(ExtractSelection().step), [.keep, .keep, .keep])
        XCTAssertEqual(ExtractSelection(after: 5).step(Int64.max), .keep)
        XCTAssertEqual(ExtractSelection(until: 5).step(Int64.min), .keep)
    }

    func testSkipOpenDropsOnlyTheFilesLastRow() {
        XCTAssertFalse(ExtractSelection(skipOpen: true).keepsHeldRow(readToFileEnd: true))
        XCTAssertTrue(ExtractSelection(skipOpen: true).keepsHeldRow(readToFileEnd: false), "reading stopped at --until")
        XCTAssertTrue(ExtractSelection().keepsHeldRow(readToFileEnd: true))
    }
}
