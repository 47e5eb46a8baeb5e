import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// KNOWN BUG (core): `CandleCSVReader` reads a 0-byte input as a valid CSV without rows. Every file the suite
/// writes starts with the header (an empty day is the 32-byte header alone), so 0 bytes means a damaged or
/// missing file: a day CSV emptied by a disk problem is silently aggregated as a day without candles, and
/// `ohlcv-resample --timeframe 1h` fed an empty stream (its upstream died before writing) prints a valid,
/// empty CSV and exits 0. behaviour §3.1 requires the header exactly, and §7 says bad input is reported, never
/// skipped. Fix: in `CandleCSVReader.init`, when reading from offset 0 and `nextLine()` returns nil, throw
/// `.badCSV(.emptyFile(header:))` at line 1.
final class CandleCSVReaderEmptyInputTests: XCTestCase {
    func testAZeroByteFileIsRefusedForItsMissingHeader() throws {
        let dir = Workdir(for: self)
        let fd = try FileDescriptor.open(dir.write("EUR-USD_20251126.csv", ""), .readOnly)
        defer { fd.close() }
        do {
            let reader = try CandleCSVReader(fd: fd, scale: 8)
            let row = try reader.next()
            XCTFail("a 0-byte file was read as a CSV without rows (first row: \(String(describing: row)))")
        } catch let error as OHLCVError {
            guard case .badCSV = error.kind else { return XCTFail("\(error)") }
            XCTAssertEqual(error.line, 1)
        }
    }
}
