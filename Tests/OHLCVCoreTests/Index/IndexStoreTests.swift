import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

final class IndexStoreTests: XCTestCase {
    func testPutsTheIndexInAnIndexFolderBesideTheCSV() {
        XCTAssertEqual(IndexStore.path(forCSV: "data/resample/5m/EUR-USD.csv"), "data/resample/5m/index/EUR-USD.idx")
        XCTAssertEqual(IndexStore.path(forCSV: "/abs/data/aggregate/1m/XAU-USD.csv"), "/abs/data/aggregate/1m/index/XAU-USD.idx")
        XCTAssertEqual(IndexStore.path(forCSV: "EURUSD.csv"), "./index/EURUSD.idx")
        XCTAssertEqual(IndexStore.path(forCSV: "data/DEU.IDX-EUR.csv"), "data/index/DEU.IDX-EUR.idx")
    }

    func testLoadsNothingWhenThereIsNoIndexYet() throws {
        let dir = Workdir(for: self)
        XCTAssertNil(try IndexStore.load(dir.url("index/SYM.idx")))
    }

    func testStoresAtomicallyAndLoadsBack() throws {
        let dir = Workdir(for: self)
        let path = dir.url("index/SYM.idx")
        try IndexStore.store(StageIndexTests.goldenIndex(), at: path, previous: nil)
        XCTAssertEqual(String(decoding: try XCTUnwrap(dir.read("index/SYM.idx")), as: UTF8.self), StageIndexTests.golden)
        XCTAssertEqual(dir.listing("index"), ["SYM.idx"])
        XCTAssertEqual(try IndexStore.load(path), StageIndexTests.goldenIndex())
    }

    func testDoesNotRewriteAnUnchangedIndex() throws {
        let dir = Workdir(for: self)
        let path = dir.write("index/SYM.idx", "sentinel: proves the file was not written again")
        try IndexStore.store(StageIndexTests.goldenIndex(), at: path, previous: StageIndexTests.goldenIndex())
        XCTAssertEqual(String(decoding: try XCTUnwrap(dir.read("index/SYM.idx")), as: UTF8.self), "sentinel: proves the file was not written again")
        var changed = StageIndexTests.goldenIndex()
        changed.length += 1
        try IndexStore.store(changed, at: path, previous: StageIndexTests.goldenIndex())
        XCTAssertEqual(try IndexStore.load(path), changed)
    }

    func testNamesTheIndexFileWhenItIsCorrupt() throws {
        let dir = Workdir(for: self)
        let path = dir.write("index/SYM.idx", String(StageIndexTests.golden.dropLast(3)))
        let error = assertOHLCVError(try IndexStore.load(path))
        guard case .corruptIndex? = error?.kind else { return XCTFail(String(describing: error)) }
        XCTAssertEqual(error?.file, path)
    }

    func testMakesDistinctSixteenDigitLineages() {
        let lineages = (0..<50).map { _ in IndexStore.newLineage() }
        XCTAssertEqual(Set(lineages).count, 50)
        for lineage in lineages {
            XCTAssertEqual(lineage.count, 16)
            XCTAssertTrue(lineage.allSatisfy { "0123456789abcdef".contains($0) }, lineage)
        }
    }
}
