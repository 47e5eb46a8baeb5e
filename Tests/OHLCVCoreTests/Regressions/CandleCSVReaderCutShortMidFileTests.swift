import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// KNOWN BUG (core): a reader started mid-file reports a cut-short last line (and an over-long line) with a
/// line number counted from where it started, instead of the byte offset of the row. `CandleCSVReader` maps
/// its own errors to `byteOffset` when `knowsLineNumbers` is false, but the errors `LineReader.nextLine()`
/// throws pass through with `line: lineNumber + 1`, relative to the start offset: the ABORT line then names
/// a wrong line of the file (e.g. `SYM.csv:2` for the last row of a file of a million rows).
final class CandleCSVReaderCutShortMidFileTests: XCTestCase {
    func testACutShortLastRowReadMidFileIsReportedAtItsByteOffset() throws {
        let header = "time,open,high,low,close,volume\n"
        let row1 = "2025-01-01 00:00:00,1.5,2.0,1.0,1.25,10.0\n"
        let row2 = "2025-01-01 00:01:00,1.5,2.0,1.0,1.25,10.0\n"
        let cut = "2025-01-01 00:02:00,1.5,2.0,1."
        let dir = Workdir(for: self)
        let fd = try FileDescriptor.open(dir.write("in.csv", header + row1 + row2 + cut), .readOnly)
        defer { fd.close() }
        let reader = try CandleCSVReader(fd: fd, scale: 8, startOffset: Int64((header + row1).utf8.count))
        XCTAssertNotNil(try reader.next())
        let error = assertThrows(message: "bad CSV: last line has no newline (file cut short?)", try reader.next())
        XCTAssertNil(error?.line, "a reader that started mid-file does not know line numbers; it said line \(error?.line ?? 0)")
        XCTAssertEqual(error?.byteOffset, Int64((header + row1 + row2).utf8.count))
    }
}
