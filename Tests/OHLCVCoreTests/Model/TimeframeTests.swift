import Foundation
import OHLCVCore
import XCTest

final class TimeframeTests: XCTestCase {
    static let names = ["1m", "5m", "7m", "15m", "30m", "45m", "90m", "1h", "2h", "3h", "4h", "4h+1h", "4h+30m", "6h+2h",
                        "8h", "12h", "1d", "2d", "1W", "1M", "2M", "3M", "4M", "6M", "12M", "1Y"]

    func testParsesCountsUnitsAndOffsets() throws {
        let five = try Timeframe(parsing: "5m")
        XCTAssertEqual(five.unit, .fixed(seconds: 300))
        XCTAssertEqual(five.count, 5)
        XCTAssertEqual(five.offsetSeconds, 0)
        XCTAssertEqual(five.description, "5m")
        let offset = try Timeframe(parsing: "4h+1h")
        XCTAssertEqual(offset.unit, .fixed(seconds: 14_400))
        XCTAssertEqual(offset.offsetSeconds, 3600)
        XCTAssertEqual(offset.description, "4h+1h")
        XCTAssertEqual(try Timeframe(parsing: "4h+30m").offsetSeconds, 1800)
        XCTAssertEqual(try Timeframe(parsing: "90m").unit, .fixed(seconds: 5400))
        XCTAssertEqual(try Timeframe(parsing: "1d").unit, .fixed(seconds: 86_400))
        XCTAssertEqual(try Timeframe(parsing: "1W").unit, .week)
        let twoMonths = try Timeframe(parsing: "2M")
        XCTAssertEqual(twoMonths.unit, .month)
        XCTAssertEqual(twoMonths.count, 2)
        XCTAssertEqual(try Timeframe(parsing: "1Y").unit, .year)
        XCTAssertEqual(Timeframe.oneMinute.unit, .fixed(seconds: 60))
        XCTAssertEqual(Timeframe.defaults, ["5m", "15m", "30m", "1h", "4h", "8h", "1d", "1W", "1M", "1Y"])
    }

    func testRefusesTimeframesItCannotBin() {
        for text in ["0m", "5x", "2W", "5M", "7M", "2Y", "4h+4h", "4h+5h", "1d+1d", "4h+30s", "4h+0m", "1W+1h", "1M+1d",
                     "1Y+1h", "", "m", "+1h", "5m+", "-5m", "5", "1.5h", "5m+1h+1h", " 5m", "5 m", "5min", "100001m", "٥m"] {
            XCTAssertThrowsError(try Timeframe(parsing: text), "'\(text)'") { error in
                guard case .configuration(.timeframe(let named, _))? = (error as? OHLCVError)?.kind else {
                    return XCTFail("'\(text)': \(error)")
                }
                XCTAssertEqual(named, text)
            }
        }
    }

    func testBinStartsMatchAnIndependentCalendarFrom1900To2100() throws {
        var rng = seededGenerator(0x5EED_0A01)
        let first = CalendarOracle.seconds(1900, 1, 1), last = CalendarOracle.seconds(2100, 12, 31, 23, 59, 59)
        var instants: [Int64] = [0, -1, 1, 86_399, 86_400, -86_400, -86_401, 345_600, 345_599, first, last,
                                 CalendarOracle.seconds(2024, 2, 29, 12), CalendarOracle.seconds(2000, 12, 31, 23, 59, 59)]
        for _ in 0..<400 { instants.append(Int64.random(in: first...last, using: &rng)) }
        for name in Self.names {
            let tf = try Timeframe(parsing: name)
            let shape = BinOracle.shape(name)
            for t in instants {
                XCTAssertEqual(tf.binStart(containing: t), BinOracle.binStart(shape, t), "\(name) at \(t), seed \(rng.seed)")
            }
        }
    }

    func testBinStartsOfKnownInstants() throws {
        let friday = CalendarOracle.seconds(2026, 7, 10, 13, 37, 5)
        XCTAssertEqual(try Timeframe(parsing: "5m").binStart(containing: friday), CalendarOracle.seconds(2026, 7, 10, 13, 35))
        XCTAssertEqual(try Timeframe(parsing: "4h+1h").binStart(containing: friday), CalendarOracle.seconds(2026, 7, 10, 13))
        XCTAssertEqual(try Timeframe(parsing: "4h+1h").binStart(containing: CalendarOracle.seconds(2026, 7, 10, 0, 30)),
                       CalendarOracle.seconds(2026, 7, 9, 21))
        XCTAssertEqual(try Timeframe(parsing: "1W").binStart(containing: friday), CalendarOracle.seconds(2026, 7, 6))
        XCTAssertEqual(try Timeframe(parsing: "1M").binStart(containing: friday), CalendarOracle.seconds(2026, 7, 1))
        XCTAssertEqual(try Timeframe(parsing: "3M").binStart(containing: friday), CalendarOracle.seconds(2026, 7, 1))
        XCTAssertEqual(try Timeframe(parsing: "2M").binStart(containing: friday), CalendarOracle.seconds(2026, 7, 1))
        XCTAssertEqual(try Timeframe(parsing: "6M").binStart(containing: friday), CalendarOracle.seconds(2026, 7, 1))
        XCTAssertEqual(try Timeframe(parsing: "4M").binStart(containing: friday), CalendarOracle.seconds(2026, 5, 1))
        XCTAssertEqual(try Timeframe(parsing: "1Y").binStart(containing: friday), CalendarOracle.seconds(2026, 1, 1))
        XCTAssertEqual(try Timeframe(parsing: "1W").binStart(containing: -1), CalendarOracle.seconds(1969, 12, 29))
    }

    func testNestsOnlyInTimeframesWhoseBoundariesItShares() throws {
        let table: [(String, String, Bool)] = [
            ("5m", "1m", true), ("1m", "5m", false), ("15m", "5m", true), ("45m", "15m", true), ("45m", "30m", false),
            ("4h+1h", "1h", true), ("4h+1h", "4h", false), ("4h", "4h+1h", false), ("4h+30m", "1h", false),
            ("4h+30m", "30m", true), ("1d", "8h", true), ("1d", "4h+1h", false), ("1W", "1d", true), ("1W", "8h", true),
            ("1W", "2d", false), ("1W", "7m", false), ("1M", "1d", true), ("1M", "1W", false), ("1M", "4h+1h", false),
            ("1M", "2d", false), ("1Y", "1M", true), ("1Y", "2M", true), ("1Y", "1W", false), ("3M", "1M", true),
            ("3M", "2M", false), ("6M", "2M", true), ("6M", "3M", true), ("1Y", "1d", true), ("1d", "1M", false),
            ("1M", "1Y", false), ("5m", "5m", false), ("1M", "1M", false), ("1Y", "1Y", false), ("1W", "1W", false),
            ("12M", "1Y", false), ("1Y", "12M", true), ("2d", "1d", true), ("90m", "30m", true), ("90m", "1h", false),
        ]
        for (coarse, fine, expected) in table {
            XCTAssertEqual(try Timeframe(parsing: coarse).nests(in: try Timeframe(parsing: fine)), expected, "\(coarse) in \(fine)")
        }
    }

    /// `a` nests in `b` when every boundary of `a` is one of `b`: checked on sampled instants with the
    /// independent bin oracle, for every pair whose bins differ (12M and 1Y are the same bins under two names).
    func testNestingAgreesWithSampledBoundaries() throws {
        var rng = seededGenerator(0x5EED_0A02)
        let first = CalendarOracle.seconds(1990, 1, 1), last = CalendarOracle.seconds(2060, 1, 1)
        let instants = (0..<150).map { _ in Int64.random(in: first...last, using: &rng) }
        let shapes = Self.names.map(BinOracle.shape)
        let starts = shapes.map { s in instants.map { BinOracle.binStart(s, $0) } }
        for (i, a) in Self.names.enumerated() {
            for (j, b) in Self.names.enumerated() where i != j {
                let shared = starts[i].allSatisfy { BinOracle.binStart(shapes[j], $0) == $0 }
                guard zip(starts[i], starts[j]).contains(where: { $0 != $1 }) else { continue }
                XCTAssertEqual(try Timeframe(parsing: a).nests(in: try Timeframe(parsing: b)), shared,
                               "\(a) in \(b), seed \(rng.seed)")
            }
        }
    }

    func testOrdersByNominalLength() throws {
        let lengths = try ["1m", "1h", "1d", "1W", "1M", "2M", "1Y"].map { try Timeframe(parsing: $0).nominalSeconds }
        XCTAssertEqual(lengths, [60, 3600, 86_400, 604_800, 2_592_000, 5_184_000, 31_536_000])
    }
}
