import XCTest
@testable import OHLCVParquet

/// Reproduces GUIDE Appendix A (`ohlcv_min_example.parquet`, 373 bytes) from the metadata structs.
final class FileMetaDataTests: XCTestCase {
    static let golden = hex("""
    50 41 52 31 15 00 15 30 15 30 2c 15 06 15 00 15 06 15 06 00 00 00 e8 66 5e 6f 01 00 00 60 d2 67
    5e 6f 01 00 00 c0 bc 68 5e 6f 01 00 00 15 00 15 30 15 30 2c 15 06 15 00 15 06 15 06 00 00 00 00
    00 00 00 20 59 40 00 00 00 00 00 10 59 40 00 00 00 00 00 40 59 40 15 02 19 3c 48 06 73 63 68 65
    6d 61 15 04 00 15 04 25 00 18 04 74 69 6d 65 25 12 4c 8c 11 1c 1c 00 00 00 00 00 15 0a 25 00 18
    05 63 6c 6f 73 65 00 16 06 19 1c 19 2c 26 00 1c 15 04 19 15 00 19 18 04 74 69 6d 65 15 00 16 06
    16 52 16 52 26 08 3c 18 08 c0 bc 68 5e 6f 01 00 00 18 08 00 e8 66 5e 6f 01 00 00 16 00 28 08 c0
    bc 68 5e 6f 01 00 00 18 08 00 e8 66 5e 6f 01 00 00 00 19 1c 15 00 15 00 15 02 00 00 00 26 00 1c
    15 0a 19 15 00 19 18 05 63 6c 6f 73 65 15 00 16 06 16 52 16 52 26 5a 3c 18 08 00 00 00 00 00 40
    59 40 18 08 00 00 00 00 00 10 59 40 16 00 28 08 00 00 00 00 00 40 59 40 18 08 00 00 00 00 00 10
    59 40 36 00 00 19 1c 15 00 15 00 15 02 00 00 00 16 a4 01 16 06 26 08 16 a4 01 14 00 00 28 25 73
    77 69 66 74 70 71 20 76 65 72 73 69 6f 6e 20 30 2e 31 2e 30 20 28 62 75 69 6c 64 20 30 30 30 30
    30 30 30 29 19 2c 1c 00 00 1c 00 00 00 17 01 00 00 50 41 52 31
    """)

    static let times: [Int64] = [1_577_836_800_000, 1_577_836_860_000, 1_577_836_920_000]
    static let closes: [Double] = [100.5, 100.25, 101.0]

    func goldenMetaData() -> FileMetaData {
        let timeStats = Statistics(maxValue: Plain.bytes(Int64(1_577_836_920_000)),
                                   minValue: Plain.bytes(Int64(1_577_836_800_000)))
        let closeStats = Statistics(maxValue: Plain.bytes(101.0), minValue: Plain.bytes(100.25), nanCount: 0)
        let plainPage = [PageEncodingStats(pageType: .dataPage, encoding: .plain, count: 1)]
        let time = ColumnMetaData(type: .int64, encodings: [.plain], path: ["time"], codec: .uncompressed,
                                  numValues: 3, totalUncompressedSize: 41, totalCompressedSize: 41,
                                  dataPageOffset: 4, dictionaryPageOffset: nil, statistics: timeStats,
                                  encodingStats: plainPage)
        let close = ColumnMetaData(type: .double, encodings: [.plain], path: ["close"], codec: .uncompressed,
                                   numValues: 3, totalUncompressedSize: 41, totalCompressedSize: 41,
                                   dataPageOffset: 45, dictionaryPageOffset: nil, statistics: closeStats,
                                   encodingStats: plainPage)
        let group = RowGroup(columns: [ColumnChunk(metaData: time), ColumnChunk(metaData: close)], numRows: 3,
                             fileOffset: 4, ordinal: 0)
        let schema: [SchemaElement] = [.root(name: "schema", children: 2),
                                       .requiredTimestampMillis("time", isAdjustedToUTC: true),
                                       .required("close", .double)]
        return FileMetaData(schema: schema, numRows: 3, rowGroups: [group],
                            createdBy: "swiftpq version 0.1.0 (build 0000000)")
    }

    func testFooterBytesEqualTheGoldenFile() {
        XCTAssertEqual(Self.golden.count, 373)
        let footer = ByteBuffer()
        goldenMetaData().encode(into: footer)
        XCTAssertEqual(footer.count, 279)
        XCTAssertEqual(footer.array, Array(Self.golden[86..<365]))
    }

    func testDataPageHeaderBytesEqualTheGoldenFile() {
        let header = ByteBuffer()
        PageHeader(kind: .data(numValues: 3, encoding: .plain), uncompressedPageSize: 24, compressedPageSize: 24)
            .encode(into: header)
        XCTAssertEqual(header.array, Array(Self.golden[4..<21]))
        XCTAssertEqual(header.array, Array(Self.golden[45..<62]))
    }

    func testWholeGoldenFileFromItsParts() {
        let file = ByteBuffer()
        file.append(ParquetFileWriter.magic)
        for body in [{ (b: ByteBuffer) in Self.times.withUnsafeBufferPointer { Plain.encode($0, into: b) } },
                     { (b: ByteBuffer) in Self.closes.withUnsafeBufferPointer { Plain.encode($0, into: b) } }] {
            PageHeader(kind: .data(numValues: 3, encoding: .plain), uncompressedPageSize: 24, compressedPageSize: 24)
                .encode(into: file)
            body(file)
        }
        let footer = ByteBuffer()
        goldenMetaData().encode(into: footer)
        file.append(footer)
        file.appendLittleEndian(UInt32(footer.count))
        file.append(ParquetFileWriter.magic)
        XCTAssertEqual(file.array, Self.golden)
    }

    func testGoldenFileOnDiskMatchesTheGuideListing() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../../../shared/parquet/ohlcv_min_example.parquet").standardized.path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw XCTSkip("../shared/parquet/ohlcv_min_example.parquet not present at \(path)")
        }
        XCTAssertEqual(Array(data), Self.golden)
    }

    func testNaiveTimestampSchemaElementWritesAdjustedToUTCFalse() {
        var w = CompactWriter()
        w.beginStruct()
        SchemaElement.requiredTimestampMillis("time", isAdjustedToUTC: false).encode(&w)
        w.endStruct()
        // GUIDE §3: the utc=true bytes with the bool nibble 11 replaced by 12.
        XCTAssertEqual(w.buffer.array, hex("15 04 25 00 18 04 74 69 6d 65 25 12 4c 8c 12 1c 1c 00 00 00 00 00"))
    }

    func testDictionaryPageHeader() {
        let header = ByteBuffer()
        PageHeader(kind: .dictionary(numValues: 300), uncompressedPageSize: 2400, compressedPageSize: 1000)
            .encode(into: header)
        // type 2 (zz 4), sizes zz(2400)=4800 = c0 25, zz(1000)=2000 = d0 0f, field 7 struct (delta 4) {1: zz(300)=600 = d8 04, 2: 0}
        XCTAssertEqual(header.array, hex("15 04 15 c0 25 15 d0 0f 4c 15 d8 04 15 00 00 00"))
    }
}
