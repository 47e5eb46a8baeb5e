import Foundation
@testable import OHLCVCore
import OHLCVTestSupport
import XCTest

/// `rowIsCanonical` lets aggregate copy rows instead of formatting them again; it must say yes exactly for the
/// text `ReprFormatting` writes, or copied rows would differ from formatted ones.
final class CandleCSVReaderCanonicalTests: XCTestCase {
    func read(_ fields: [String], scale: Int = 8) throws -> (Candle, Bool) {
        let dir = Workdir(for: self)
        let line = "2024-01-02 03:04:00," + fields.joined(separator: ",")
        let path = dir.write("x.csv", Array(("time,open,high,low,close,volume\n" + line + "\n").utf8))
        let fd = try FileDescriptor.open(path, .readOnly)
        defer { fd.close() }
        let reader = try CandleCSVReader(fd: fd, scale: scale)
        let c = try XCTUnwrap(try reader.next())
        return (c, reader.rowIsCanonical)
    }

    func testTextWrittenByReprFormattingIsCanonical() throws {
        var rng = seededGenerator(20_251_125)
        for _ in 0..<300 {
            let scale = Int.random(in: 0...12, using: &rng)
            let magnitude = Powers.ten(Int.random(in: 0...min(15, scale + 7), using: &rng))
            var values = (0..<5).map { _ in Int64.random(in: 0...magnitude, using: &rng) }
            values[1] = values.max()!               // high
            values[2] = values[0...3].min()!        // low
            let texts = values.map { ReprFormatting.string($0, scale: scale) }
            let (candle, canonical) = try read(texts, scale: scale)
            XCTAssertEqual([candle.open, candle.high, candle.low, candle.close, Int64(candle.volume)], values)
            // Sound: "canonical" only for ReprFormatting's own text (true by construction here), and complete
            // where it matters for speed: positional text at a scale of 1 or more. (Exponent forms and scale 0,
            // where "2.0" has more decimals than the scale, take the slow path and are formatted again.)
            let expected = scale >= 1 && !texts.contains { $0.contains("e") }
            XCTAssertEqual(canonical, expected, "\(texts) at scale \(scale), seed \(rng.seed)")
        }
    }

    func testOtherSpellingsOfTheSameValuesAreNotCanonical() throws {
        for spelling in ["1.10", "01.1", "2", "0.00001", "-0.0", "00.5", "1.000", "0.00009", "1e-05", "1.5E2"] {
            let (_, canonical) = try read(["1.1", "1000.0", "0.0", "1.1", spelling], scale: 8)
            XCTAssertFalse(canonical, spelling)
        }
        // From 1e16 up, repr switches to exponent form.
        let (_, large) = try read(["1.1", "10000000000000000.0", "0.0", "1.1", "1.0"], scale: 1)
        XCTAssertFalse(large)
        for spelling in ["1.1", "0.0", "0.0001", "2.0", "123.456", "-3.25"] {
            let (_, canonical) = try read(["1.1", "1000.0", "-5.0", "1.1", spelling], scale: 8)
            XCTAssertTrue(canonical, spelling)
        }
    }

    /// Issue #14: rows in the writer's form are read in one pass (`parseCanonical`, eight digits at a time where
    /// the row has room), everything else by the full `parse`. On random rows, canonical or not, whole or not,
    /// with long and short digit runs, the one pass must give exactly the full parse's candle or decline.
    func testTheOnePassReadAgreesWithTheFullParseOnEveryRow() throws {
        let dir = Workdir(for: self)
        let path = dir.write("header.csv", Array("time,open,high,low,close,volume\n".utf8))
        var rng = seededGenerator(0x5EED_1403)
        var taken = 0
        for _ in 0..<20_000 {
            let scale = Int.random(in: 0...12, using: &rng)
            let fd = try FileDescriptor.open(path, .readOnly)
            defer { fd.close() }
            let reader = try CandleCSVReader(fd: fd, scale: scale)
            let magnitude = Powers.ten(Int.random(in: 0...min(17, scale + 10), using: &rng))
            var values = (0..<5).map { _ in Int64.random(in: 0...magnitude, using: &rng) }
            if Int.random(in: 0..<4, using: &rng) != 0 {   // mostly whole candles
                values[1] = values[0...3].max()!
                values[2] = values[0...3].min()!
            }
            var texts = values.map { ReprFormatting.string($0, scale: scale) }
            if Bool.random(using: &rng) {
                let k = Int.random(in: 0..<5, using: &rng)
                switch Int.random(in: 0..<7, using: &rng) {
                case 0: texts[k] += "0"
                case 1: texts[k] = "0" + texts[k]
                case 2: texts[k] = "-" + texts[k]
                case 3: texts[k] = String(texts[k].dropLast())
                case 4: texts[k] += "5"
                case 5: texts[k] = texts[k].replacingOccurrences(of: ".", with: "")
                default: texts[k] = "12345678" + texts[k]
                }
            }
            let line = Array(("2024-01-02 03:04:00," + texts.joined(separator: ",")).utf8)
            line.withUnsafeBufferPointer { row in
                let onePass = reader.parseCanonical(row)
                let full: Candle?
                do { full = try reader.parse(row) } catch { full = nil }
                if let onePass {
                    taken += 1
                    XCTAssertEqual(onePass, full, "\(texts) at scale \(scale), seed \(rng.seed)")
                    XCTAssertTrue(reader.rowIsCanonical, "\(texts)")
                } else if full != nil && reader.rowIsCanonical && !texts.contains(where: { $0.hasPrefix("-") }) {
                    XCTFail("the one pass declined canonical \(texts) at scale \(scale), seed \(rng.seed)")
                }
            }
        }
        XCTAssertGreaterThan(taken, 5_000, "the one pass took too few rows to test it")
    }
}
