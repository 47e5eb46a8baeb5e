import XCTest
@testable import OHLCVParquet

final class DictionaryTests: XCTestCase {
    func testEntriesInFirstSeenOrderAndIndicesPerRow() {
        let d = DoubleDictionary(maximumEntries: 100)
        let values: [Double] = [1.5, 2.5, 1.5, 3.0, 2.5]
        XCTAssertTrue(values.withUnsafeBufferPointer { d.build($0) })
        XCTAssertEqual(d.entries, [Double(1.5).bitPattern, Double(2.5).bitPattern, Double(3.0).bitPattern])
        XCTAssertEqual(d.indices, [0, 1, 0, 2, 1])
        XCTAssertEqual(d.indexBitWidth, 2)
    }

    func testZerosAndNaNsAreDistinctByBitPattern() {
        let d = DoubleDictionary(maximumEntries: 100)
        let quietNaN = Double(nan: 0, signaling: false)
        let payloadNaN = Double(nan: 5, signaling: false)
        let values: [Double] = [0.0, -0.0, quietNaN, payloadNaN, 0.0]
        XCTAssertTrue(values.withUnsafeBufferPointer { d.build($0) })
        XCTAssertEqual(d.entries.count, 4)
        XCTAssertEqual(d.indices, [0, 1, 2, 3, 0])
    }

    func testGivesUpPastTheLimitAndWorksAgainAfterwards() {
        let d = DoubleDictionary(maximumEntries: 4)
        let many = (0..<10).map { Double($0) }
        XCTAssertFalse(many.withUnsafeBufferPointer { d.build($0) })
        let few: [Double] = [9, 9, 8]
        XCTAssertTrue(few.withUnsafeBufferPointer { d.build($0) })
        XCTAssertEqual(d.entries, [Double(9.0).bitPattern, Double(8.0).bitPattern])
        XCTAssertEqual(d.indices, [0, 0, 1])
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
        let indices = d.indices
        for (i, v) in values.enumerated() { XCTAssertEqual(d.entries[Int(indices[i])], v.bitPattern) }
    }

    /// A writer feeds a chunk in batches: the result must be the one-shot build's, and indices past
    /// 65,535 (kept in a second 16-bit half, allocated mid-batch) must map back too.
    func testBatchesPastSixtyFiveThousandEntriesMatchOneBuild() {
        var rng = SeededGenerator(seed: 11)
        let values = (0..<200_000).map { _ in Double(rng.next() % 100_000) / 8 }
        let once = DoubleDictionary(maximumEntries: 131_072)
        XCTAssertTrue(values.withUnsafeBufferPointer { once.build($0) })
        XCTAssertGreaterThan(once.entries.count, 65_536)
        let batched = DoubleDictionary(maximumEntries: 131_072)
        batched.reset()
        var start = 0
        for size in [1, 65_535, 7, 100_000, 34_457] {
            XCTAssertTrue(values.withUnsafeBufferPointer { batched.add(UnsafeBufferPointer(rebasing: $0[start..<start + size])) })
            start += size
        }
        XCTAssertEqual(start, values.count)
        XCTAssertEqual(batched.entries, once.entries)
        let indices = batched.indices
        XCTAssertEqual(indices, once.indices)
        for (i, v) in values.enumerated() { XCTAssertEqual(batched.entries[Int(indices[i])], v.bitPattern) }
        var page = [UInt32](repeating: 0, count: 10)
        page.withUnsafeMutableBufferPointer { batched.copyIndices(70_000..<70_010, into: $0.baseAddress!) }
        XCTAssertEqual(page, Array(indices[70_000..<70_010]))
    }

    func testAnOverflowingBatchKeepsTheEarlierRowsExact() {
        let d = DoubleDictionary(maximumEntries: 3)
        d.reset()
        XCTAssertTrue([1.0, 2.0, 1.0].withUnsafeBufferPointer { d.add($0) })
        XCTAssertFalse([3.0, 4.0].withUnsafeBufferPointer { d.add($0) })
        XCTAssertEqual(d.count, 3)
        XCTAssertEqual((0..<3).map { d.entries[Int(d.index($0))] }, [1.0, 2.0, 1.0].map(\.bitPattern))
    }
}
