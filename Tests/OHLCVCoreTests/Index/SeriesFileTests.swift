import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

final class SeriesFileTests: XCTestCase {
    static let header = "time,open,high,low,close,volume\n"
    static let rows = ["2025-01-01 00:00:00,1.5,2.0,1.0,1.25,10.0\n",
                       "2025-01-01 00:05:00,1.25,2.0,1.0,1.5,11.0\n",
                       "2025-01-01 00:10:00,1.5,2.5,1.0,2.0,12.0\n"]
    /// Offsets of the header end and of each row end.
    static let ends: [Int64] = {
        var ends = [Int64(header.utf8.count)]
        for row in rows { ends.append(ends.last! + Int64(row.utf8.count)) }
        return ends
    }()

    private func index(settings: String = "tf=5m align=utc", length: Int64, openOffset: Int64) -> StageIndex {
        StageIndex(settings: settings, lineage: "00000000000000aa", length: length, openOffset: openOffset, openTime: nil)
    }

    /// A committed series: header and three rows, the third one still open.
    private func committed(_ dir: Workdir, index: StageIndex? = nil, csv: String? = nil) throws -> String {
        let csvPath = dir.write("SYM.csv", csv ?? Self.header + Self.rows.joined())
        let idx = index ?? self.index(length: Self.ends[3], openOffset: Self.ends[2])
        dir.write("index/SYM.idx", idx.serialized())
        return csvPath
    }

    func testAFreshSeriesStartsWithTheHeaderAndCommitsItsIndexAfterTheData() throws {
        let dir = Workdir(for: self)
        let series = try SeriesFile(csv: dir.url("SYM.csv"), settings: "c", symbol: "SYM")
        XCTAssertNil(series.index)
        XCTAssertEqual(series.indexPath, dir.url("index/SYM.idx"))
        let out = try series.rewind(to: 0, pendingIndex: nil)
        try out.write(Self.rows[0])
        XCTAssertFalse(dir.exists("index/SYM.idx"))
        let idx = index(settings: "c", length: out.position, openOffset: Self.ends[0])
        try series.commit(out, index: idx)
        XCTAssertEqual(String(decoding: try XCTUnwrap(dir.read("SYM.csv")), as: UTF8.self), Self.header + Self.rows[0])
        var stamped = idx
        stamped.openChecksum = fnv1a64(Self.rows[0])     // the committed open rows, hashed independently
        XCTAssertEqual(dir.read("index/SYM.idx"), stamped.serialized())
        XCTAssertEqual(series.index, stamped)
        XCTAssertEqual(try series.size(), Self.ends[1])
    }

    func testReopensACommittedSeries() throws {
        let dir = Workdir(for: self)
        let csv = try committed(dir)
        let series = try SeriesFile(csv: csv, settings: "tf=5m align=utc", symbol: "SYM")
        XCTAssertEqual(series.index, index(length: Self.ends[3], openOffset: Self.ends[2]))
    }

    func testAcceptsAFileCutBackIntoItsOpenRegion() throws {
        // A run killed between cutting the open candle and committing leaves the file shorter than `length`
        // but not shorter than `open-offset`: a state the next run rebuilds from.
        let dir = Workdir(for: self)
        let csv = try committed(dir, csv: Self.header + Self.rows[0] + Self.rows[1])
        let series = try SeriesFile(csv: csv, settings: "tf=5m align=utc", symbol: "SYM")
        XCTAssertEqual(series.index?.openOffset, Self.ends[2])
    }

    func testRefusesAnIndexPointingPastTheEndOfTheFile() throws {
        let dir = Workdir(for: self)
        let csv = try committed(dir, index: index(length: Self.ends[3] + 50, openOffset: Self.ends[3] + 1))
        let error = assertThrows(.corruptIndex(.pointsPastEnd(csv: csv, openOffset: Self.ends[3] + 1, size: Self.ends[3])),
                                 try SeriesFile(csv: csv, settings: "tf=5m align=utc", symbol: "SYM"))
        XCTAssertEqual(error?.file, dir.url("index/SYM.idx"))
    }

    func testRefusesFilesBuiltWithAnotherConfiguration() throws {
        let dir = Workdir(for: self)
        let csv = try committed(dir)
        let error = assertThrows(.settingsMismatch(setting: "align", configured: "tf=5m align=ny-close", onDisk: "tf=5m align=utc"),
                                 try SeriesFile(csv: csv, settings: "tf=5m align=ny-close", symbol: "SYM"))
        XCTAssertEqual(error?.file, dir.url("index/SYM.idx"))
        XCTAssertEqual(error?.symbol, "SYM")
        XCTAssertEqual(String(decoding: try XCTUnwrap(dir.read("SYM.csv")), as: UTF8.self), Self.header + Self.rows.joined(), "untouched")
    }

    func testRefusesAnOpenOffsetInsideTheHeader() throws {
        let dir = Workdir(for: self)
        let csv = try committed(dir, index: index(length: Self.ends[3], openOffset: 10))
        assertThrows(.corruptIndex(.openOffsetInHeader(openOffset: 10)), try SeriesFile(csv: csv, settings: "tf=5m align=utc", symbol: "SYM"))
    }

    func testRefusesAnOpenOffsetThatIsNotARowStart() throws {
        let dir = Workdir(for: self)
        let csv = try committed(dir, index: index(length: Self.ends[3], openOffset: Self.ends[1] + 3))
        let error = assertThrows(.corruptIndex(.openOffsetNotAtRowStart(openOffset: Self.ends[1] + 3)),
                                 try SeriesFile(csv: csv, settings: "tf=5m align=utc", symbol: "SYM"))
        XCTAssertEqual(error?.file, csv)
    }

    func testRefusesADamagedHeader() throws {
        let dir = Workdir(for: self)
        let csv = try committed(dir, csv: "time,open,high,low,close,volumX\n" + Self.rows.joined())
        let error = assertThrows(message: "bad CSV: the header is missing or damaged", try SeriesFile(csv: csv, settings: "tf=5m align=utc", symbol: "SYM"))
        XCTAssertEqual(error?.line, 1)
        XCTAssertEqual(error?.file, csv)
    }

    func testRemovesAStaleIndexTemporaryOnOpening() throws {
        let dir = Workdir(for: self)
        let csv = try committed(dir)
        dir.write("index/SYM.idx.tmp", "left by a killed run")
        _ = try SeriesFile(csv: csv, settings: "tf=5m align=utc", symbol: "SYM")
        XCTAssertEqual(dir.listing("index"), ["SYM.idx"])
    }

    func testRewindingIntoTheFinalRegionCommitsThePendingIndexAndThenTruncates() throws {
        let dir = Workdir(for: self)
        let series = try SeriesFile(csv: try committed(dir), settings: "tf=5m align=utc", symbol: "SYM")
        let pending = index(length: Self.ends[1], openOffset: Self.ends[1])
        let out = try series.rewind(to: Self.ends[1], pendingIndex: pending)
        var stampedPending = pending
        stampedPending.openChecksum = fnv1a64("")
        XCTAssertEqual(dir.read("index/SYM.idx"), stampedPending.serialized(), "the pending index is on disk before any append")
        XCTAssertEqual(series.index, stampedPending)
        XCTAssertEqual(String(decoding: try XCTUnwrap(dir.read("SYM.csv")), as: UTF8.self), Self.header + Self.rows[0])
        XCTAssertEqual(out.position, Self.ends[1])
        try out.write(Self.rows[1])
        let final = index(length: Self.ends[2], openOffset: Self.ends[1])
        try series.commit(out, index: final)
        XCTAssertEqual(String(decoding: try XCTUnwrap(dir.read("SYM.csv")), as: UTF8.self), Self.header + Self.rows[0] + Self.rows[1])
        var stampedFinal = final
        stampedFinal.openChecksum = fnv1a64(Self.rows[1])
        XCTAssertEqual(dir.read("index/SYM.idx"), stampedFinal.serialized())
    }

    func testRewindingIntoTheFinalRegionTruncatesNothingWhenThePendingIndexCannotBeCommitted() throws {
        let dir = Workdir(for: self)
        let original = index(length: Self.ends[3], openOffset: Self.ends[2])
        let series = try SeriesFile(csv: try committed(dir, index: original), settings: "tf=5m align=utc", symbol: "SYM")
        // A directory where the index's temp file must go makes the pending commit fail.
        try FileManager.default.createDirectory(atPath: dir.url("index/SYM.idx.tmp"), withIntermediateDirectories: false)
        let error = assertOHLCVError(try series.rewind(to: Self.ends[1], pendingIndex: index(length: Self.ends[1], openOffset: Self.ends[1])))
        guard case .io? = error?.kind else { return XCTFail(String(describing: error)) }
        XCTAssertEqual(String(decoding: try XCTUnwrap(dir.read("SYM.csv")), as: UTF8.self), Self.header + Self.rows.joined(), "no row was cut")
        XCTAssertEqual(dir.read("index/SYM.idx"), original.serialized())
    }

    func testRewindingWithinTheOpenRegionLeavesTheIndexAlone() throws {
        let dir = Workdir(for: self)
        let original = index(length: Self.ends[3], openOffset: Self.ends[2])
        let series = try SeriesFile(csv: try committed(dir, index: original), settings: "tf=5m align=utc", symbol: "SYM")
        let out = try series.rewind(to: Self.ends[2], pendingIndex: nil)
        XCTAssertEqual(String(decoding: try XCTUnwrap(dir.read("SYM.csv")), as: UTF8.self), Self.header + Self.rows[0] + Self.rows[1])
        XCTAssertEqual(dir.read("index/SYM.idx"), original.serialized())
        try out.write(Self.rows[2])
        try series.commit(out, index: original)
        XCTAssertEqual(String(decoding: try XCTUnwrap(dir.read("SYM.csv")), as: UTF8.self), Self.header + Self.rows.joined())
    }

    func testCommitCutsBytesBeyondWhatWasAppended() throws {
        let dir = Workdir(for: self)
        let series = try SeriesFile(csv: try committed(dir), settings: "tf=5m align=utc", symbol: "SYM")
        let out = try series.rewind(to: Self.ends[2], pendingIndex: nil)
        // Something else grew the file past the buffer's position (a stray write); commit must cut it back.
        let fd = try FileDescriptor.open(dir.url("SYM.csv"), .readWrite)
        try fd.seek(to: Self.ends[2])
        try fd.writeAll(Array((Self.rows[2] + "junk\n").utf8))
        fd.close()
        try out.write(Self.rows[2])
        try series.commit(out, index: index(length: Self.ends[3], openOffset: Self.ends[2]))
        XCTAssertEqual(String(decoding: try XCTUnwrap(dir.read("SYM.csv")), as: UTF8.self), Self.header + Self.rows.joined())
    }
}
