import XCTest
import OHLCVCore
@testable import OHLCVParquetExport

final class HiveSeriesStateTests: XCTestCase {
    let sample = HiveSeriesState(settings: "decimals=8,compression=snappy", partitions: [
        .init(year: 2019, byteStart: 32, byteEnd: 1000, rows: 17, hash: 0xAB, fileBytes: 900),
        .init(year: 2021, byteStart: 1000, byteEnd: 5000, rows: 70, hash: 0x0123_4567_89AB_CDEF, fileBytes: 4321),
    ])

    func testTextFormat() {
        XCTAssertEqual(sample.text, """
        ohlcv-parquet-state 1
        settings decimals=8,compression=snappy
        year 2019 bytes 32 1000 rows 17 hash 00000000000000ab file 900
        year 2021 bytes 1000 5000 rows 70 hash 0123456789abcdef file 4321
        end 2

        """)
        XCTAssertEqual(try HiveSeriesState(parsing: sample.text), sample)
    }

    func testCutShortOrEditedTextIsMalformed() {
        let text = sample.text
        for cut in [10, text.count / 2, text.count - 1] {
            XCTAssertThrowsError(try HiveSeriesState(parsing: String(text.prefix(cut))), "cut at \(cut)")
        }
        XCTAssertThrowsError(try HiveSeriesState(parsing: text.replacingOccurrences(of: "end 2", with: "end 3"))) {
            XCTAssertEqual($0 as? PartitionStateProblem, .wrongEndLine(count: 2))
        }
        XCTAssertThrowsError(try HiveSeriesState(parsing: text.replacingOccurrences(of: "year 2021", with: "year 2018"))) {
            XCTAssertEqual($0 as? PartitionStateProblem, .notIncreasing(line: 4))
        }
        XCTAssertThrowsError(try HiveSeriesState(parsing: text.replacingOccurrences(of: "hash 00000000000000ab", with: "hash ab")))
        XCTAssertThrowsError(try HiveSeriesState(parsing: text.replacingOccurrences(of: " file 900", with: "")))
    }
}
