import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

final class CandleCSVWriterTests: XCTestCase {
    private func written(_ candles: [Candle], scale: Int, capacity: Int = 1 << 16) throws -> String {
        let dir = Workdir(for: self)
        let fd = try FileDescriptor.open(dir.url("out.csv"), .createTruncate)
        let writer = CandleCSVWriter(out: OutputBuffer(fd: fd, capacity: capacity), scale: scale)
        try writer.writeHeader()
        for c in candles { try writer.write(c) }
        try writer.out.flush()
        fd.close()
        return String(decoding: try XCTUnwrap(dir.read("out.csv")), as: UTF8.self)
    }

    func testWritesTheSpecExampleRow() throws {
        let candle = Candle(time: CalendarOracle.seconds(2025, 11, 26), open: 115_648_000, high: 116_021_000,
                            low: 115_470_000, close: 116_017_000, volume: 10_802_731_000_000)
        XCTAssertEqual(try written([candle], scale: 8),
                       "time,open,high,low,close,volume\n2025-11-26 00:00:00,1.15648,1.16021,1.1547,1.16017,108027.31\n")
    }

    func testWritesExponentVolumesAndWholeNumbersAsPythonDoes() throws {
        let candle = Candle(time: 0, open: 2_000_000_000, high: 2_000_000_000, low: 0, close: 1_000, volume: 9_600)
        XCTAssertEqual(try written([candle], scale: 8),
                       "time,open,high,low,close,volume\n1970-01-01 00:00:00,20.0,20.0,0.0,1e-05,9.6e-05\n")
    }

    func testWritesRandomCandlesAsAnIndependentRenderingDoes() throws {
        var rng = seededGenerator(0x5EED_0501)
        for scale in [0, 2, 5, 8, 12] {
            let candles = CandleGenerator.candles(count: 400, using: &rng)
            XCTAssertEqual(try written(candles, scale: scale, capacity: 256), CandleGenerator.csv(candles, scale: scale),
                           "scale \(scale), seed \(rng.seed)")
        }
    }

    func testTracksTheOutputPositionRowByRow() throws {
        let dir = Workdir(for: self)
        let fd = try FileDescriptor.open(dir.url("out.csv"), .createTruncate)
        defer { fd.close() }
        let writer = CandleCSVWriter(out: OutputBuffer(fd: fd, startingAt: 0, capacity: 512), scale: 8)
        try writer.writeHeader()
        var expected = Int64(CandleCSVFormat.header.utf8.count)
        XCTAssertEqual(writer.out.position, expected)
        var rng = seededGenerator(0x5EED_0502)
        for c in CandleGenerator.candles(count: 50, using: &rng) {
            try writer.write(c)
            expected += Int64(CandleGenerator.row(c, scale: 8).utf8.count)
            XCTAssertEqual(writer.out.position, expected)
        }
    }
}
