import Foundation
import OHLCVCore
import XCTest

/// FNV-1a 64 written out here, to build checksummed index texts without the code under test.
func fnv1a64(_ text: String) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    let hex = String(h, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}

/// An index file's text with a correct checksum line.
func checksummed(_ body: String) -> [UInt8] { Array((body + "checksum \(fnv1a64(body))\n").utf8) }

final class StageIndexTests: XCTestCase {
    static let goldenBody = """
        ohlcv-index 1
        config tf=5m decimals=8 align=utc source=1m
        lineage 5f0c2a9e31d4b7a8
        length 48213
        open-offset 48150
        open-time 1783641600
        open-checksum -
        source-lineage 0a1b2c3d4e5f6071
        source-length 1234567
        source-open-offset 1234500
        source-generation 41
        generation 2
        change 1 1783641600
        change 2 1783600000

        """
    static let golden = goldenBody + "checksum 6fab480a40ea56e1\n"

    static func goldenIndex() -> StageIndex {
        var index = StageIndex(settings: "tf=5m decimals=8 align=utc source=1m", lineage: "5f0c2a9e31d4b7a8", length: 48213,
                               openOffset: 48150, openTime: 1_783_641_600)
        index.sourceLineage = "0a1b2c3d4e5f6071"
        index.sourceLength = 1_234_567
        index.sourceOpenOffset = 1_234_500
        index.sourceGeneration = 41
        index.recordChange(from: 1_783_641_600)
        index.recordChange(from: 1_783_600_000)
        return index
    }

    func testSerializesToTheGoldenBytes() {
        XCTAssertEqual(String(decoding: Self.goldenIndex().serialized(), as: UTF8.self), Self.golden)
        XCTAssertEqual(fnv1a64(Self.goldenBody), "6fab480a40ea56e1", "the test's own FNV-1a agrees with the golden text")
    }

    func testSerializesAFreshIndexToTheGoldenBytes() {
        let index = StageIndex(settings: "decimals=8 align=utc", lineage: "0000000000000001", length: 32, openOffset: 32, openTime: nil)
        XCTAssertEqual(String(decoding: index.serialized(), as: UTF8.self), """
            ohlcv-index 1
            config decimals=8 align=utc
            lineage 0000000000000001
            length 32
            open-offset 32
            open-time -
            open-checksum -
            source-lineage -
            source-length 0
            source-open-offset 0
            source-generation 0
            generation 0
            checksum 6ce60fc893227bb6

            """)
    }

    func testParsesTheGoldenText() throws {
        let index = try StageIndex(parsing: Array(Self.golden.utf8))
        XCTAssertEqual(index.settings, "tf=5m decimals=8 align=utc source=1m")
        XCTAssertEqual(index.lineage, "5f0c2a9e31d4b7a8")
        XCTAssertEqual(index.length, 48213)
        XCTAssertEqual(index.openOffset, 48150)
        XCTAssertEqual(index.openTime, 1_783_641_600)
        XCTAssertEqual(index.sourceLineage, "0a1b2c3d4e5f6071")
        XCTAssertEqual(index.sourceLength, 1_234_567)
        XCTAssertEqual(index.sourceOpenOffset, 1_234_500)
        XCTAssertEqual(index.sourceGeneration, 41)
        XCTAssertEqual(index.generation, 2)
        XCTAssertEqual(index.changes.map { [$0.0, $0.1] }, [[1, 1_783_641_600], [2, 1_783_600_000]])
    }

    func testRoundTripsRandomIndexes() throws {
        var rng = seededGenerator(0x5EED_0D01)
        for _ in 0..<300 {
            let length = Int64.random(in: 0...Int64.max / 2, using: &rng)
            var index = StageIndex(settings: "tf=\(Int.random(in: 1...999, using: &rng))m decimals=8 align=ny-close source=1m",
                                   lineage: String(UInt64.random(in: 0...UInt64.max, using: &rng), radix: 16),
                                   length: length, openOffset: Int64.random(in: 0...length, using: &rng),
                                   openTime: Bool.random(using: &rng) ? nil : Int64.random(in: -9_999_999_999...99_999_999_999, using: &rng))
            index.sourceLength = Int64.random(in: 0...Int64.max / 2, using: &rng)
            index.sourceOpenOffset = Int64.random(in: 0...index.sourceLength, using: &rng)
            index.sourceGeneration = Int64.random(in: 0...1_000_000, using: &rng)
            for _ in 0..<Int.random(in: 0...80, using: &rng) { index.recordChange(from: Int64.random(in: -99_999...9_999_999_999, using: &rng)) }
            let parsed = try StageIndex(parsing: index.serialized())
            XCTAssertEqual(parsed, index, "seed \(rng.seed)")
            XCTAssertEqual(parsed.generation, index.generation)
            XCTAssertEqual(parsed.changes.map { [$0.0, $0.1] }, index.changes.map { [$0.0, $0.1] })
            XCTAssertEqual(parsed.openTime, index.openTime)
        }
    }

    private func assertCorrupt(_ bytes: [UInt8], _ reason: String? = nil, _ note: String = "",
                               file: StaticString = #filePath, line: UInt = #line) {
        let error = assertOHLCVError(try StageIndex(parsing: bytes), note, file: file, line: line)
        guard case .corruptIndex? = error?.kind, let error else {
            return XCTFail("\(note): expected corruptIndex, got \(String(describing: error))", file: file, line: line)
        }
        if let reason { XCTAssertEqual(error.message, "corrupt index: " + reason, note, file: file, line: line) }
    }

    func testDetectsEverySingleByteChange() {
        let bytes = Array(Self.golden.utf8)
        for i in bytes.indices {
            for replacement in Set([bytes[i] ^ 0x01, bytes[i] ^ 0x20, bytes[i] ^ 0x80, 0x30, 0x0A, 0x20]) where replacement != bytes[i] {
                var changed = bytes
                changed[i] = replacement
                assertCorrupt(changed, nil, "byte \(i) set to \(replacement)")
            }
        }
    }

    func testDetectsEveryTruncationAndAnyAppendedLine() {
        let bytes = Array(Self.golden.utf8)
        for cut in 0..<bytes.count { assertCorrupt(Array(bytes[..<cut]), nil, "cut at \(cut)") }
        assertCorrupt(bytes + Array("x\n".utf8), nil, "appended line")
        assertCorrupt(bytes + Array("\n".utf8), nil, "appended newline")
    }

    func testDetectsAMissingField() {
        let lines = Self.goldenBody.split(separator: "\n").map(String.init)
        for key in ["config", "lineage", "length", "open-offset", "open-time", "open-checksum", "source-lineage", "source-length",
                    "source-open-offset", "source-generation", "generation"] {
            let body = lines.filter { !$0.hasPrefix(key + " ") }.map { $0 + "\n" }.joined()
            assertCorrupt(checksummed(body), "missing '\(key)'", key)
        }
    }

    func testDetectsARepeatedField() {
        for line in Self.goldenBody.split(separator: "\n").dropFirst() where !line.hasPrefix("change ") {
            let key = String(line.split(separator: " ")[0])
            assertCorrupt(checksummed(Self.goldenBody + line + "\n"), "'\(key)' appears twice", key)
        }
    }

    func testDetectsInconsistentOrMalformedValues() {
        func replacing(_ old: String, _ new: String) -> [UInt8] {
            checksummed(Self.goldenBody.replacingOccurrences(of: old, with: new))
        }
        assertCorrupt(replacing("open-offset 48150", "open-offset 48214"), "open-offset 48214 is past length 48213")
        assertCorrupt(replacing("source-open-offset 1234500", "source-open-offset 1234568"), "source-open-offset is past source-length")
        assertCorrupt(replacing("length 48213\n", "length -1\n"), "'length' is not a count")
        assertCorrupt(replacing("length 48213\n", "length 4821x\n"), "'length' is not a count")
        assertCorrupt(replacing("generation 2\n", "generation \n"), "'generation' is not a count")
        assertCorrupt(replacing("open-time 1783641600", "open-time soon"), "'open-time' is not a time")
        assertCorrupt(replacing("ohlcv-index 1", "ohlcv-index 2"), "not an ohlcv-index 1 file")
        assertCorrupt(replacing("change 1 1783641600", "change 1"), "bad line 'change 1'")
        assertCorrupt(replacing("change 1 1783641600", "change 1 x"), "bad line 'change 1 x'")
        assertCorrupt(replacing("generation 2\n", "generation 2\n\n"), "bad line ''")
        assertCorrupt(replacing("generation 2\n", "generation 2\nnospace\n"), "bad line 'nospace'")
        assertCorrupt(Array("checksum \(fnv1a64(""))\n".utf8), "truncated")
        assertCorrupt(checksummed(""), "truncated")
        assertCorrupt(Array((Self.goldenBody + "checksum 3f96f90d508afd6d\n").utf8), "checksum does not match its content")
        assertCorrupt(Array((Self.goldenBody + "checksum 3F96F90D508AFD6C\n").utf8), "checksum does not match its content")
    }

    func testEqualityIsByContent() {
        var other = Self.goldenIndex()
        XCTAssertEqual(other, Self.goldenIndex())
        other.sourceGeneration += 1
        XCTAssertNotEqual(other, Self.goldenIndex())
    }

    // MARK: the change log

    func testReportsTheEarliestChangeSinceAConsumedGeneration() {
        var index = StageIndex(settings: "c", lineage: "l", length: 0, openOffset: 0, openTime: nil)
        XCTAssertEqual(index.earliestChange(after: 0), .unchanged)
        index.recordChange(from: 100)
        index.recordChange(from: 50)
        index.recordChange(from: 200)
        XCTAssertEqual(index.generation, 3)
        XCTAssertEqual(index.earliestChange(after: 0), .from(50))
        XCTAssertEqual(index.earliestChange(after: 1), .from(50))
        XCTAssertEqual(index.earliestChange(after: 2), .from(200))
        XCTAssertEqual(index.earliestChange(after: 3), .unchanged)
        XCTAssertEqual(index.earliestChange(after: 4), .unknown, "a consumer ahead of its source: the source was rebuilt")
    }

    func testKeepsTheLast64ChangesAndAnswersUnknownBeyondThem() throws {
        var index = StageIndex(settings: "c", lineage: "l", length: 0, openOffset: 0, openTime: nil)
        for g in 1...70 { index.recordChange(from: Int64(1000 - g)) }
        XCTAssertEqual(index.changes.count, StageIndex.keptChanges)
        XCTAssertEqual(index.changes.first?.0, 7)
        XCTAssertEqual(index.earliestChange(after: 6), .from(930))
        XCTAssertEqual(index.earliestChange(after: 69), .from(930))
        XCTAssertEqual(index.earliestChange(after: 5), .unknown)
        XCTAssertEqual(index.earliestChange(after: 0), .unknown)
        let parsed = try StageIndex(parsing: index.serialized())
        XCTAssertEqual(parsed.earliestChange(after: 6), .from(930))
        XCTAssertEqual(parsed.earliestChange(after: 5), .unknown)
    }

    func testAnswersUnknownWhenTheLogHasAHole() throws {
        // A log whose entries do not cover every generation since the consumed one cannot be trusted.
        let body = Self.goldenBody.replacingOccurrences(of: "generation 2\n", with: "generation 3\n")
        let index = try StageIndex(parsing: checksummed(body))
        XCTAssertEqual(index.earliestChange(after: 0), .unknown)
        XCTAssertEqual(index.earliestChange(after: 1), .unknown)
        XCTAssertEqual(index.earliestChange(after: 2), .unknown)
        XCTAssertEqual(index.earliestChange(after: 3), .unchanged)
    }
}
