import XCTest
@testable import OHLCVParquet

final class DictionaryTests: XCTestCase {
    func testEntriesInFirstSeenOrderAndIndicesPerRow() {
        let d = DoubleDictionary(maximumEntries: 100)
        let values: [Double] = [1.5, 2.5, 1.5, 3.0, 2.5]
        XCTAssertTrue(values.withUnsafeBufferPointer { d.build($0) })
        XCTAssertEqual(d.entries, [Double(1.5).bitPattern, Double(2.5).bitPattern, Double(3.0).bitPattern])
        XCTAssertEqual(Array(UnsafeBufferPointer(start: d.indices, count: 5)), [0, 1, 0, 2, 1])
        XCTAssertEqual(d.indexBitWidth, 2)
    }

    func testZerosAndNaNsAreDistinctByBitPattern() {
        let d = DoubleDictionary(maximumEntries: 100)
        let quietNaN = Double(nan: 0, signaling: false)
        let payloadNaN = Double(nan: 5, signaling: false)
        let values: [Double] = [0.0, -0.0, quietNaN, payloadNaN, 0.0]
        XCTAssertTrue(values.withUnsafeBufferPointer { d.build($0) })
        XCTAssertEqual(d.entries.count, 4)
        XCTAssertEqual(Array(UnsafeBufferPointer(start: d.indices, count: 5)), [0, 1, 2, 3, 0])
    }

    func testGivesUpPastTheLimitAndWorksAgainAfterwards() {
        let d = DoubleDictionary(maximumEntries: 4)
        let many = (0..<10).map { Double($0) }
        XCTAssertFalse(many.withUnsafeBufferPointer { d.build($0) })
        let few: [Double] = [9, 9, 8]
        XCTAssertTrue(few.withUnsafeBufferPointer { d.build($0) })
        XCTAssertEqual(d.entries, [Double(9.0).bitPattern, Double(8.0).bitPattern])
        XCTAssertEqual(Array(UnsafeBufferPointer(start: d.indices, count: 3)), [0, 0, 1])
        XCTAssertEqual(d.indexBitWidth, 1)
    }

    func testSingleEntryUsesWidthOne() {
        let d = DoubleDictionary()
        XCTAssertTrue([4.25, 4.25].withUnsafeBufferPointer { d.build($0) })
        XCTAssertEqual(d.indexBitWidth, 1)
    }

    func testManyRandomValuesMapBack() {
        var rng = SeededGenerator(seed: 7)
        let values = (0..<50_000).map { _ in Double(rng.next() % 3000) / 100 }
        let d = DoubleDictionary()
        XCTAssertTrue(values.withUnsafeBufferPointer { d.build($0) })
        XCTAssertEqual(Set(values).count, d.entries.count)
        for (i, v) in values.enumerated() { XCTAssertEqual(d.entries[Int(d.indices[i])], v.bitPattern) }
    }
}
