import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

final class CandleCSVSeekTests: XCTestCase {
    /// A random CSV file, its candles, and the offset of every row start plus the file length, found by
    /// scanning the bytes for newlines here.
    private func makeFile(_ dir: Workdir, count: Int, rng: inout SplitMix64) throws -> (FileDescriptor, [Candle], [Int64]) {
        let candles = CandleGenerator.candles(count: count, using: &rng, step: 1...200_000)
        let bytes = Array(CandleGenerator.csv(candles, scale: 8).utf8)
        var starts: [Int64] = []
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(Int64(i + 1)) }
        let fd = try FileDescriptor.open(dir.write("s\(count).csv", bytes), .readOnly)
        return (fd, candles, starts)      // starts[0] is the end of the header, starts.last the file length
    }

    func testFindsTheFirstRowAtOrAfterATimeAsALinearScanDoes() throws {
        var rng = seededGenerator(0x5EED_0701)
        let dir = Workdir(for: self)
        for count in [0, 1, 2, 3, 10, 77, 400] {
            let (fd, candles, starts) = try makeFile(dir, count: count, rng: &rng)
            defer { fd.close() }
            let first = candles.first?.time ?? 0, last = candles.last?.time ?? 0
            var targets = [first - 1, first, first + 1, last - 1, last, last + 1, Int64.min / 2, Int64.max / 2]
            targets += candles.map(\.time)
            for _ in 0..<200 { targets.append(Int64.random(in: (first - 1000)...(last + 1000), using: &rng)) }
            for _ in 0..<60 {
                // Random sub-ranges [starts[i], starts[j]) of whole rows.
                let i = Int.random(in: 0...count, using: &rng), j = Int.random(in: i...count, using: &rng)
                for target in targets.shuffled(using: &rng).prefix(20) {
                    let expectedRow = (i..<j).first { candles[$0].time >= target }
                    let expected = expectedRow.map { starts[$0] } ?? starts[j]
                    XCTAssertEqual(try CandleCSVSeek.firstRow(atOrAfter: target, in: fd, lower: starts[i], upper: starts[j]),
                                   expected, "\(count) rows, range \(i)..<\(j), target \(target), seed \(rng.seed)")
                }
            }
            for target in targets {
                let expected = candles.firstIndex { $0.time >= target }.map { starts[$0] } ?? starts[count]
                XCTAssertEqual(try CandleCSVSeek.firstRow(atOrAfter: target, in: fd, lower: starts[0], upper: starts[count]),
                               expected, "\(count) rows, target \(target), seed \(rng.seed)")
            }
        }
    }

    func testFindsRowsLongerThanItsReadWindow() throws {
        // Rows far apart in a file whose rows are long compared with the ranges it halves.
        var rng = seededGenerator(0x5EED_0702)
        let dir = Workdir(for: self)
        let (fd, candles, starts) = try makeFile(dir, count: 3000, rng: &rng)
        defer { fd.close() }
        for k in stride(from: 0, to: 3000, by: 97) {
            XCTAssertEqual(try CandleCSVSeek.firstRow(atOrAfter: candles[k].time, in: fd, lower: starts[0], upper: starts[3000]),
                           starts[k])
            XCTAssertEqual(try CandleCSVSeek.firstRow(atOrAfter: candles[k].time + 1, in: fd, lower: starts[0], upper: starts[3000]),
                           starts[k + 1])
        }
    }

    func testReturnsTheRowBeforeAnOffset() throws {
        var rng = seededGenerator(0x5EED_0703)
        let dir = Workdir(for: self)
        let (fd, candles, starts) = try makeFile(dir, count: 60, rng: &rng)
        defer { fd.close() }
        for k in 1...60 {
            let before = try CandleCSVSeek.rowBefore(starts[k], in: fd, lower: starts[0])
            XCTAssertEqual(before?.offset, starts[k - 1])
            XCTAssertEqual(before.map { String(decoding: $0.bytes, as: UTF8.self) + "\n" },
                           CandleGenerator.row(candles[k - 1], scale: 8))
            for lower in [starts[k - 1], starts[max(0, k - 3)]] {
                XCTAssertEqual(try CandleCSVSeek.rowBefore(starts[k], in: fd, lower: lower)?.offset, starts[k - 1])
            }
            XCTAssertNil(try CandleCSVSeek.rowBefore(starts[k], in: fd, lower: starts[k]))
        }
        XCTAssertNil(try CandleCSVSeek.rowBefore(starts[0], in: fd, lower: starts[0]), "nothing before the first row")
    }

    func testRefusesAnOffsetThatIsNotARowStart() throws {
        var rng = seededGenerator(0x5EED_0704)
        let dir = Workdir(for: self)
        let (fd, _, starts) = try makeFile(dir, count: 5, rng: &rng)
        defer { fd.close() }
        let error = assertOHLCVError(try CandleCSVSeek.rowBefore(starts[3] + 4, in: fd, lower: starts[0]))
        guard case .badCSV? = error?.kind else { return XCTFail(String(describing: error)) }
        XCTAssertEqual(error?.byteOffset, starts[3] + 4)
    }

    func testReportsARowWithoutATimestamp() throws {
        let dir = Workdir(for: self)
        let header = "time,open,high,low,close,volume\n"
        let text = header + "2025-01-01 00:00:00,1,1,1,1,1\n" + "garbage-garbage-garbage,1,1,1,1,1\n" + "2025-01-01 00:02:00,1,1,1,1,1\n"
        let fd = try FileDescriptor.open(dir.write("bad.csv", text), .readOnly)
        defer { fd.close() }
        let error = assertOHLCVError(try CandleCSVSeek.firstRow(atOrAfter: CalendarOracle.seconds(2025, 1, 1, 0, 1), in: fd,
                                                                lower: Int64(header.utf8.count), upper: Int64(text.utf8.count)))
        guard case .badCSV? = error?.kind else { return XCTFail(String(describing: error)) }
        XCTAssertEqual(error?.byteOffset, Int64((header + "2025-01-01 00:00:00,1,1,1,1,1\n").utf8.count))
    }
}
