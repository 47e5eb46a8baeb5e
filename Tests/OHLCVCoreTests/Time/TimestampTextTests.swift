import Foundation
import OHLCVCore
import XCTest

final class TimestampTextTests: XCTestCase {
    static let first = CalendarOracle.seconds(1600, 1, 1)
    static let last = CalendarOracle.seconds(9999, 12, 31, 23, 59, 59)

    func testWritesWhatDateFormatterWritesAndParsesItBack() {
        var rng = seededGenerator(0x5EED_0301)
        var instants: [Int64] = [0, -1, 1, 59, 60, 86_399, 86_400, -86_400, -86_401, 951_782_400, 1_783_641_600,
                                 1_709_164_799, Self.first, Self.last]
        for _ in 0..<3000 { instants.append(Int64.random(in: Self.first...Self.last, using: &rng)) }
        for t in instants {
            let expected = CalendarOracle.timestamp(t)
            XCTAssertEqual(TimestampText.string(t), expected, "\(t), seed \(rng.seed)")
            XCTAssertEqual(TimestampText.parse(expected), t, "'\(expected)', seed \(rng.seed)")
        }
    }

    func testWritesKnownInstants() {
        XCTAssertEqual(TimestampText.string(0), "1970-01-01 00:00:00")
        XCTAssertEqual(TimestampText.string(-1), "1969-12-31 23:59:59")
        XCTAssertEqual(TimestampText.string(1_783_641_600), "2026-07-10 00:00:00")
        XCTAssertEqual(TimestampText.string(951_825_599), "2000-02-29 11:59:59")
    }

    func testWriteFillsExactlyNineteenBytes() {
        var bytes = [UInt8](repeating: 0xFF, count: 23)
        bytes.withUnsafeMutableBufferPointer { TimestampText.write(1_783_641_661, to: $0.baseAddress! + 2) }
        XCTAssertEqual(Array(bytes[2..<21]), Array("2026-07-10 00:01:01".utf8))
        XCTAssertEqual([bytes[0], bytes[1], bytes[21], bytes[22]], [0xFF, 0xFF, 0xFF, 0xFF])
        XCTAssertEqual(TimestampText.length, 19)
    }

    func testParsesLeapDaysOfLeapYearsOnly() {
        XCTAssertEqual(TimestampText.parse("2000-02-29 00:00:00"), CalendarOracle.seconds(2000, 2, 29))
        XCTAssertEqual(TimestampText.parse("2024-02-29 23:59:59"), CalendarOracle.seconds(2024, 2, 29, 23, 59, 59))
        XCTAssertNil(TimestampText.parse("1900-02-29 00:00:00"))
        XCTAssertNil(TimestampText.parse("2025-02-29 00:00:00"))
        XCTAssertNil(TimestampText.parse("2100-02-29 00:00:00"))
    }

    func testRefusesInvalidTimestamps() {
        for text in ["2025-02-29 00:00:00", "2025-13-01 00:00:00", "2025-00-01 00:00:00", "2025-01-00 00:00:00",
                     "2025-04-31 00:00:00", "2025-01-01 24:00:00", "2025-01-01 23:60:00", "2025-01-01 23:59:60",
                     "2025/01/01 00:00:00", "2025-01-01T00:00:00", "2025-01-01 00-00-00", "2025-01-01 00:00.00",
                     "2025-01-01_00:00:00", "2025-01-01 0a:00:00", "2025-01-01 00:00:0 ", " 2025-01-01 00:00:0",
                     "2025-01-01 00:00:0", "2025-01-01 00:00:000", "2025-1-01 00:00:00 ", "", "-025-01-01 00:00:00",
                     "2025-01-01 -1:00:00", "2025-01-01 00:00:00\n"] {
            XCTAssertNil(TimestampText.parse(text), "'\(text)' must be refused")
        }
    }

    func testParsesFromAPointerWithoutReadingPastNineteenBytes() {
        let bytes = Array("2026-07-10 00:00:00,1.14331".utf8)
        XCTAssertEqual(bytes.withUnsafeBufferPointer { TimestampText.parse($0.baseAddress!) }, 1_783_641_600)
    }
}
