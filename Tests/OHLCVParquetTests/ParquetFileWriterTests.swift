import XCTest
@testable import OHLCVParquet

final class ParquetFileWriterTests: XCTestCase {
    private func write(_ rows: Int, options: ParquetWriterOptions, bulk: Bool = false) throws -> [UInt8] {
        var file: [UInt8] = []
        let writer = try ParquetFileWriter(options: options) { file.append(contentsOf: $0) }
        var times: [Int64] = []
        var t: Int64 = 1_577_836_800_000
        for i in 0..<rows {
            if i > 0 { t += i % 7 == 0 ? 3_600_000 : 60_000 }    // a gap every 7 rows
            times.append(t)
        }
        let prices = (0..<rows).map { Double(114_000 + ($0 * 7919) % 613) / 100_000 }
        let volumes = (0..<rows).map { Double(($0 * 104_729) % 1_000_003) / 100 }
        if bulk {
            try writer.append(count: rows, timeMillis: times, open: prices, high: prices, low: prices, close: prices,
                              volume: volumes)
        } else {
            for i in 0..<rows {
                try writer.append(timeMillis: times[i], open: prices[i], high: prices[i], low: prices[i],
                                  close: prices[i], volume: volumes[i])
            }
        }
        try writer.finish()
        XCTAssertEqual(writer.rowCount, Int64(rows))
        XCTAssertEqual(writer.position, Int64(file.count))
        return file
    }

    /// magic, footer, footer length, magic; the footer spelled out from GUIDE §3's tables.
    func testEmptyFileBytes() throws {
        var options = ParquetWriterOptions()
        options.createdBy = "x"
        let file = try write(0, options: options)
        let double = { (name: String) in hex("15 0a 25 00 18") + [UInt8(name.count)] + Array(name.utf8) + [0] }
        let footer = hex("15 02 19 7c 48 06") + Array("schema".utf8) + hex("15 0c 00")
            + hex("15 04 25 00 18 04") + Array("time".utf8) + hex("25 12 4c 8c 12 1c 1c 00 00 00 00 00")
            + double("open") + double("high") + double("low") + double("close") + double("volume")
            + hex("16 00 19 0c 28 01 78 19 6c") + Array(repeating: hex("1c 00 00"), count: 6).flatMap { $0 } + [0]
        XCTAssertEqual(file, Array("PAR1".utf8) + footer + [UInt8(footer.count), 0, 0, 0] + Array("PAR1".utf8))
    }

    func testBulkAppendParallelAndSerialGiveIdenticalBytes() throws {
        var options = ParquetWriterOptions(compression: .snappy, rowGroupRows: 1000, pageRows: 300)
        let perRow = try write(4321, options: options)
        let bulk = try write(4321, options: options, bulk: true)
        options.parallelColumns = false
        let serial = try write(4321, options: options)
        XCTAssertEqual(perRow, bulk)
        XCTAssertEqual(perRow, serial)
        XCTAssertEqual(Array(perRow.prefix(4)), Array("PAR1".utf8))
        XCTAssertEqual(Array(perRow.suffix(4)), Array("PAR1".utf8))
    }

    func testRowGroupsAreStreamedAsTheyFill() throws {
        var flushedBeforeFinish = 0
        let writer = try ParquetFileWriter(options: ParquetWriterOptions(compression: .none, rowGroupRows: 10)) { bytes in
            flushedBeforeFinish += bytes.count
        }
        for i in 0..<25 { try writer.append(timeMillis: Int64(i), open: 1, high: 1, low: 1, close: 1, volume: 1) }
        XCTAssertGreaterThan(flushedBeforeFinish, 4)                 // two full groups already written
        XCTAssertEqual(writer.position, Int64(flushedBeforeFinish))
        try writer.finish()
    }

    func testFirstPageOfUncompressedFileIsDeltaTime() throws {
        let file = try write(3, options: ParquetWriterOptions(compression: .none))
        var r = ByteReader(file, at: 4)
        // PageHeader: type 0, sizes, data_page_header{3 values, DELTA_BINARY_PACKED 5, RLE, RLE}
        XCTAssertEqual(r.byte(), 0x15); XCTAssertEqual(r.zigzag(), 0)
        XCTAssertEqual(r.byte(), 0x15); let size = r.zigzag()
        XCTAssertEqual(r.byte(), 0x15); XCTAssertEqual(r.zigzag(), size)
        XCTAssertEqual(Array(file[r.position..<(r.position + 11)]), hex("2c 15 06 15 0a 15 06 15 06 00 00"))
        let body = Array(file[(r.position + 11)..<(r.position + 11 + Int(size))])
        XCTAssertEqual(TestDecoders.deltaBinaryPacked(body).values,
                       [1_577_836_800_000, 1_577_836_860_000, 1_577_836_920_000])
    }

    /// A PLAIN column holds its whole chunk's pages until the row group ends, so the group ends early, after
    /// the stage (65 pages of 1,000 rows here) whose pages pass `rowGroupBytes`; dictionary columns hold back
    /// no pages and leave the row groups whole.
    func testRowGroupEndsAtAStageBoundaryOncePlainPagesPassRowGroupBytes() throws {
        var options = ParquetWriterOptions(compression: .none, rowGroupRows: 200_000, pageRows: 1000)
        options.maximumDictionaryEntries = 10
        options.rowGroupBytes = 40_000
        func groups(distinctVolumes: Int) throws -> [Int64] {
            let writer = try ParquetFileWriter(options: options) { _ in }
            for i in 0..<150_000 {
                try writer.append(timeMillis: Int64(i) * 60_000, open: 1, high: 1, low: 1, close: 1,
                                  volume: Double(i % distinctVolumes))
            }
            try writer.finish()
            return writer.rowGroups.map(\.numRows)
        }
        XCTAssertEqual(try groups(distinctVolumes: 150_000), [65_000, 65_000, 20_000])
        XCTAssertEqual(try groups(distinctVolumes: 5), [150_000])
    }
}
