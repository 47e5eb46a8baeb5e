import XCTest
@testable import OHLCVParquet

final class SnappyTests: XCTestCase {
    func testEmptyInputIsJustTheLengthPreamble() {
        XCTAssertEqual(SnappyCompressor.compress([]), [0])
        XCTAssertEqual(try SnappyDecompressor.decompress([0]), [])
    }

    func testShortInputIsOneLiteral() {
        // length 3, literal tag (3-1) << 2 = 08, the bytes.
        XCTAssertEqual(SnappyCompressor.compress([0x61, 0x62, 0x63]), hex("03 08 61 62 63"))
    }

    func testRepeatedByteIsLiteralPlusCopies() {
        // 20 × 'a': literal 'a' (4 bytes cannot match yet at 0), then copy offset 1.
        let input = [UInt8](repeating: 0x61, count: 20)
        let out = SnappyCompressor.compress(input)
        // preamble 14, literal of 1 byte (tag 00, 'a'), copy1 length 19? no: > 11 → copy2 len 19 offset 1.
        XCTAssertEqual(out, hex("14 00 61 4a 01 00"))
        XCTAssertEqual(try SnappyDecompressor.decompress(out), input)
    }

    func testDecompressorReadsHandWrittenCopy1AndLongLiteral() throws {
        // literal "abcd" then copy1 (len 8, offset 4): tag = 01 | (8-4)<<2 | 0<<5 = 0x11, offset 04.
        XCTAssertEqual(try SnappyDecompressor.decompress(hex("0c 0c 61 62 63 64 11 04")), Array("abcdabcdabcd".utf8))
        // literal of 61 bytes uses the 1-byte length form: tag 60<<2 = f0, then 60.
        let long = [UInt8](repeating: 0x7A, count: 61)
        XCTAssertEqual(try SnappyDecompressor.decompress([61, 0xF0, 60] + long), long)
    }

    func testDecompressorRejectsBadOffsetsAndLengths() {
        XCTAssertThrowsError(try SnappyDecompressor.decompress(hex("04 01 05")))           // copy before any output
        XCTAssertThrowsError(try SnappyDecompressor.decompress(hex("05 08 61 62 63")))     // says 5, holds 3
        XCTAssertThrowsError(try SnappyDecompressor.decompress(hex("03 0c 61 62")))        // literal past the end
    }

    func testRandomBuffersRoundTrip() throws {
        for seed in UInt64(1)...60 {
            var rng = SeededGenerator(seed: seed)
            let n = Int(rng.next() % 200_000)
            let alphabet = Int(rng.next() % 255) + 1
            var input: [UInt8] = []
            input.reserveCapacity(n)
            while input.count < n {
                if input.count > 8 && rng.next() % 3 == 0 {
                    let back = Int(rng.next() % UInt64(min(input.count, 70_000))) + 1
                    let length = min(Int(rng.next() % 200) + 1, n - input.count)
                    for k in 0..<length { input.append(input[input.count - back + (k % back)]) }
                } else {
                    input.append(UInt8(rng.next() % UInt64(alphabet)))
                }
            }
            let compressed = SnappyCompressor.compress(input)
            XCTAssertLessThanOrEqual(compressed.count, SnappyCompressor.maximumCompressedLength(n) + 5)
            XCTAssertEqual(try SnappyDecompressor.decompress(compressed), input, "seed \(seed), n \(n)")
        }
    }

    func testDoublesOfDecimalPricesCompress() throws {
        let prices = (0..<65_536).map { i in Double(114_000 + (i * 7919) % 600) / 100_000 }
        let raw = prices.withUnsafeBytes { Array($0) }
        let compressed = SnappyCompressor.compress(raw)
        XCTAssertLessThan(compressed.count, raw.count / 2)
        XCTAssertEqual(try SnappyDecompressor.decompress(compressed), raw)
    }

    func testLiteralOnlyStreamIsValidAndExact() throws {
        var rng = SeededGenerator(seed: 77)
        let input = (0..<200_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let out = ByteBuffer()
        input.withUnsafeBytes { SnappyCompressor.storeLiterals($0, into: out) }
        // preamble (3 bytes) + 4 literals of 65536/65536/65536/3392 bytes with 3-byte tags (len-1 in 2 bytes)
        XCTAssertEqual(out.count, 3 + 200_000 + 4 * 3)
        XCTAssertEqual(Array(out.array[3..<6]), [61 << 2, 0xFF, 0xFF])
        XCTAssertEqual(try SnappyDecompressor.decompress(out.array), input)
    }

    func testCompressIfWorthwhileChoosesByASample() throws {
        var rng = SeededGenerator(seed: 78)
        let noise = (0..<100_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let repetitive = (0..<100_000).map { UInt8($0 % 97) }
        for (input, compresses) in [(noise, false), (repetitive, true)] {
            let out = ByteBuffer()
            input.withUnsafeBytes { SnappyCompressor.compressIfWorthwhile($0, into: out) }
            XCTAssertEqual(out.count < input.count / 2, compresses)
            XCTAssertEqual(try SnappyDecompressor.decompress(out.array), input)
        }
    }
}
