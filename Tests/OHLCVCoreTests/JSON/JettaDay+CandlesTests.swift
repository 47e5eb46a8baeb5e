import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

final class JettaDayCandlesTests: XCTestCase {
    private func candles(_ bytes: [UInt8], _ alignment: TimeAlignment = .utc, scale: Int = 8) throws -> [Candle] {
        try JettaDayDecoder.decode(bytes).candles(alignment: alignment, scale: scale)
    }

    /// Compares decoded candles with the independent Foundation decoding, row by row.
    private func assertMatchesOracle(_ bytes: [UInt8], _ name: String, alignment: TimeAlignment = .utc, scale: Int = 8,
                                     shift: @escaping (Int64) -> Int64 = { _ in 0 },
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        let actual = try candles(bytes, alignment, scale: scale)
        let expected = try JettaOracle.rows(bytes, scale: scale, shiftMillis: shift)
        XCTAssertEqual(actual.count, expected.count, "\(name): row count", file: file, line: line)
        var mismatches = 0
        for (c, e) in zip(actual, expected) {
            let row = JettaOracle.Row(time: c.time, open: DecimalOracle.value(units: c.open, scale: scale),
                                      high: DecimalOracle.value(units: c.high, scale: scale),
                                      low: DecimalOracle.value(units: c.low, scale: scale),
                                      close: DecimalOracle.value(units: c.close, scale: scale),
                                      volume: DecimalOracle.value(wideUnits: c.volume, scale: scale))
            if row != e {
                mismatches += 1
                if mismatches <= 5 { XCTFail("\(name): decoded \(row), expected \(e)", file: file, line: line) }
            }
        }
        XCTAssertEqual(mismatches, 0, "\(name): rows that differ", file: file, line: line)
    }

    func testRebuildsTheRealEURUSDFridayExactly() throws {
        let bytes = try Fixtures.bytes("jetta/candles-minute-EUR-USD-BID-2026-7-10.json")
        try assertMatchesOracle(bytes, "EUR-USD 2026-07-10")
        let rows = try candles(bytes)
        XCTAssertEqual(rows.count, 1258)
        XCTAssertEqual(rows.first, Candle(time: 1_783_641_600, open: 114_331_000, high: 114_334_000, low: 114_322_000,
                                          close: 114_324_000, volume: 19_710_000_000))
        XCTAssertEqual(rows.last.map { CalendarOracle.timestamp($0.time) }, "2026-07-10 20:59:00")
    }

    func testRebuildsEveryRecordedAPIPayloadExactly() throws {
        for name in ["candles-minute-BTC-USD-BID-2023-2-19.json", "candles-minute-BTC-USD-BID-from-1783900800000.json",
                     "candles-hour-BTC-USD-BID-2023-1.json", "candles-hour-BTC-USD-BID-2023-2.json",
                     "candles-day-BTC-USD-BID-2019.json", "candles-day-BTC-USD-BID-2023.json"] {
            try assertMatchesOracle(try Fixtures.bytes("jetta/\(name)"), name)
        }
    }

    func testRebuildsTheReencodedCacheDaysExactly() throws {
        var total = 0
        for day in 1...19 {
            let name = String(format: "btc-usd-2023-02/cache/2023/02/BTC-USD_202302%02d.json", day)
            let bytes = try Fixtures.bytes(name)
            try assertMatchesOracle(bytes, name)
            total += try candles(bytes).count
        }
        XCTAssertEqual(total, 26_134, "the README's candle count")
        for name in ["eur-usd-2019-02/cache/2019/02/EUR-USD_20190204.json", "eur-usd-2019-02/cache/2019/02/EUR-USD_20190205.json"] {
            try assertMatchesOracle(try Fixtures.bytes(name), name)
        }
    }

    func testKeepsTinyBTCVolumesExact() throws {
        let rows = try candles(try Fixtures.bytes("jetta/candles-minute-BTC-USD-BID-2023-2-19.json"))
        XCTAssertEqual(rows[1].volume, 84_600, "8.46E-4")
        let first = try candles(try Fixtures.bytes("btc-usd-2023-02/cache/2023/02/BTC-USD_20230201.json"))
        XCTAssertEqual(first.filter { $0.volume == 9600 }.count, 5, "the five volumes of 9.6E-5")
    }

    func testRoundsHalfEvenWhenFewerDecimalsAreKept() throws {
        let bytes = try Fixtures.bytes("jetta/candles-minute-EUR-USD-BID-2026-7-10.json")
        for scale in [0, 2, 3, 4, 12] { try assertMatchesOracle(bytes, "EUR-USD at \(scale) decimals", scale: scale) }
        try assertMatchesOracle(try Fixtures.bytes("jetta/candles-minute-BTC-USD-BID-2023-2-19.json"), "BTC at 5", scale: 5)
    }

    func testShiftsTimesIntoServerTime() throws {
        let bytes = try Fixtures.bytes("jetta/candles-minute-EUR-USD-BID-2026-7-10.json")
        try assertMatchesOracle(bytes, "GMT+2", alignment: .fixed(milliseconds: 7_200_000), shift: { _ in 7_200_000 })
        let newYork = CalendarOracle.newYork
        try assertMatchesOracle(bytes, "ny-close", alignment: .newYorkClose, shift: { utc in
            newYork.isDaylightSavingTime(for: Date(timeIntervalSince1970: TimeInterval(utc) / 1000)) ? 10_800_000 : 7_200_000
        })
        XCTAssertEqual(try candles(bytes, .newYorkClose).first?.time, 1_783_641_600 + 3 * 3600)
    }

    func testKeepsAccumulatingDeltasAcrossDroppedZeroVolumeRows() throws {
        let payload = PayloadBuilder().with("volumes", "[197.1,0,0.5]").with("opens", "[0,-8,2]")
        let rows = try candles(payload.bytes)
        XCTAssertEqual(rows.map(\.time), [1_783_641_600, 1_783_641_840])
        XCTAssertEqual(rows[1].open, 114_325_000, "1.14331 - 8 + 2 steps")
        try assertMatchesOracle(payload.bytes, "zero volume")
    }

    func testTimesStartFromANonZeroFirstDelta() throws {
        let rows = try candles(PayloadBuilder().with("times", "[5,1,3]").bytes)
        XCTAssertEqual(rows.map(\.time), [1_783_641_900, 1_783_641_960, 1_783_642_140])
    }

    func testAnEmptyDayHasNoCandles() throws {
        XCTAssertEqual(try candles(try Fixtures.bytes("jetta/candles-minute-EUR-USD-BID-2026-7-11-empty.json")), [])
    }

    func testRefusesTimesThatDoNotIncrease() {
        assertThrows(.outOfOrder(previous: "2026-07-10 00:01:00", current: "2026-07-10 00:01:00"),
                     try candles(PayloadBuilder().with("times", "[0,1,0]").bytes))
        assertThrows(.outOfOrder(previous: "2026-07-10 00:01:00", current: "2026-07-10 00:00:00"),
                     try candles(PayloadBuilder().with("times", "[0,1,-1]").bytes))
        // Even when the repeated minute has no volume.
        assertThrows(.outOfOrder(previous: "2026-07-10 00:01:00", current: "2026-07-10 00:01:00"),
                     try candles(PayloadBuilder().with("times", "[0,1,0]").with("volumes", "[1,0,1]").bytes))
    }

    func testRefusesTheRepeatedHourOfADaylightTimeEndUnderNewYorkClose() {
        // 2023-11-05 05:59 UTC is 08:59 server time; 06:00 UTC is 08:00 server time.
        let payload = PayloadBuilder().with("timestamp", "\(CalendarOracle.seconds(2023, 11, 5, 5, 58) * 1000)")
            .with("times", "[0,1,1]")
        // A limit of the alignment (exit 78), not bad data: the UTC instants do increase.
        let error = assertThrows(.alignmentRepeatsHour(day: "2023-11-05", alignment: "ny-close",
                                                       setting: "NY_CLOSE_SYMBOLS / ALIGNMENT_<SYM>", repeated: "08:00-08:59"),
                                 try candles(payload.bytes, .newYorkClose))
        XCTAssertEqual(error.map { ExitStatus.code(for: $0.kind) }, ExitStatus.config)
        XCTAssertEqual(error?.line, 1)
        XCTAssertNoThrow(try candles(payload.bytes, .utc))
    }

    func testRefusesNegativeVolume() {
        let error = assertThrows(.badNumber(field: "volumes", text: "negative volume at row 2"),
                                 try candles(PayloadBuilder().with("volumes", "[1,-0.5,1]").bytes))
        XCTAssertEqual(error?.line, 1)
    }

    func testRefusesHighBelowLow() {
        assertThrows(.highBelowLow(time: "2026-07-10 00:01:00"), try candles(PayloadBuilder().with("highs", "[0,-20,0]").bytes))
    }

    func testRefusesTimesThatAreNotWholeSeconds() {
        let error = assertOHLCVError(try candles(PayloadBuilder().with("timestamp", "1783641600500").bytes))
        XCTAssertNotNil(malformedJSONMessage(error), String(describing: error))
    }

    func testReportsPricesThatDoNotFit() {
        // 999999999999999999 steps of 1.0E-5 (10 units at the payload's 6 decimals) pass Int64 at any DECIMALS.
        let error = assertOHLCVError(try candles(PayloadBuilder().with("opens", "[0,999999999999999999,0]").bytes))
        guard case .overflow? = error?.kind else { return XCTFail(String(describing: error)) }
    }

    /// Issue #9 item 5: a price past the cap at the configured decimals names the setting that holds it.
    func testAPriceAboveTheCapAtTwelveDecimalsNamesTheDecimalsThatHoldIt() {
        let payload = PayloadBuilder().with("open", "9300000.5").with("high", "9300001.0").with("low", "9299999.0")
            .with("close", "9300000.0").with("opens", "[0,0,0]").with("highs", "[0,0,0]").with("lows", "[0,0,0]")
            .with("closes", "[0,0,0]")
        // 9300000.5 × 10^12 > 2^63 - 1; × 10^11 is not.
        let error = assertThrows(.exceedsDecimalsLimit(quantity: .price, what: "open of the candle at 2026-07-10 00:00:00",
                                                       value: "9300000.5", decimals: 12, fitsAt: 11),
                                 try candles(payload.bytes, scale: 12))
        XCTAssertEqual(error?.line, 1)
        XCTAssertEqual(error.map { ExitStatus.code(for: $0.kind) }, ExitStatus.config)
        XCTAssertEqual(try candles(payload.bytes, scale: 11).first?.open, 930_000_050_000_000_000)
    }

    func testAMillionAtTwelveDecimalsIsExact() throws {
        let payload = PayloadBuilder().with("open", "1000000.0").with("high", "1000000.00002").with("low", "999999.99999")
            .with("close", "1000000.00001").with("opens", "[0,0,0]").with("highs", "[0,0,0]").with("lows", "[0,0,0]")
            .with("closes", "[0,0,0]")
        let first = try XCTUnwrap(try candles(payload.bytes, scale: 12).first)
        XCTAssertEqual([first.open, first.high, first.low, first.close],
                       ["1000000.0", "1000000.00002", "999999.99999", "1000000.00001"].map { DecimalOracle.int64(DecimalOracle.parse($0) * DecimalOracle.parse("1e12"))! })
    }

    func testVolumesPastInt64AreExactAndPastInt128NameTheDecimalsThatHoldThem() throws {
        let rows = try candles(PayloadBuilder().with("volumes", "[1,1e12,1]").bytes, scale: 12)
        XCTAssertEqual(rows[1].volume, Int128(1_000_000_000_000) * 1_000_000_000_000, "10^12 at 12 decimals")
        // 10^30 × 10^12 passes 2^127; × 10^8 does not.
        let error = assertThrows(.exceedsDecimalsLimit(quantity: .volume, what: "volume at row 2", value: "1e30", decimals: 12, fitsAt: 8),
                                 try candles(PayloadBuilder().with("volumes", "[1,1e30,1]").bytes, scale: 12))
        XCTAssertEqual(error?.line, 1)
    }

    /// Issue #14: a volume whose scaling passes Int64 at a small shift (11 digits × 10^12) leaves the Int64 fast
    /// path for the exact wide one.
    func testAVolumeThatPassesInt64AtTwelveDecimalsIsStillExact() throws {
        let rows = try candles(PayloadBuilder().with("volumes", "[1,99999999999,0.000000000001]").bytes, scale: 12)
        XCTAssertEqual(rows[1].volume, Int128(99_999_999_999) * 1_000_000_000_000)
        XCTAssertEqual(rows[0].volume, 1_000_000_000_000)
        XCTAssertEqual(rows[2].volume, 1)
    }

    /// Issue #9 item 9: the first row is open 1.14331, high 1.14334, low 1.14322, close 1.14324; a first delta
    /// moves one of them.
    func testRefusesACandleWhoseOpenOrCloseLiesOutsideItsRange() {
        let cases: [(String, String, (String, String, String, String))] = [
            ("opens", "[4,-8,2]", ("1.14335", "1.14334", "1.14322", "1.14324")),     // open above high
            ("opens", "[-10,-8,2]", ("1.14321", "1.14334", "1.14322", "1.14324")),   // open below low
            ("closes", "[11,9,-3]", ("1.14331", "1.14334", "1.14322", "1.14335")),   // close above high
            ("closes", "[-3,9,-3]", ("1.14331", "1.14334", "1.14322", "1.14321")),   // close below low
        ]
        for (key, deltas, v) in cases {
            let error = assertThrows(.candleNotWhole(time: "2026-07-10 00:00:00", open: v.0, high: v.1, low: v.2, close: v.3),
                                     try candles(PayloadBuilder().with(key, deltas).bytes), "\(key) \(deltas)")
            XCTAssertEqual(error?.line, 1)
            XCTAssertEqual(error.map { ExitStatus.code(for: $0.kind) }, ExitStatus.dataError)
        }
    }

    func testAcceptsOpenAndCloseOnTheEdgesOfTheRange() throws {
        // open == high and close == low on the first row, open == low and close == high on the second.
        let rows = try candles(PayloadBuilder().with("opens", "[3,-16,2]").with("closes", "[-2,13,-3]").bytes)
        XCTAssertEqual(rows[0].open, rows[0].high)
        XCTAssertEqual(rows[0].close, rows[0].low)
        XCTAssertEqual(rows[1].open, rows[1].low)
        XCTAssertEqual(rows[1].close, rows[1].high)
    }

    func testDecodedEURUSDDayWritesTheReference1mCSVByteForByte() throws {
        let rows = try candles(try Fixtures.bytes("jetta/candles-minute-EUR-USD-BID-2026-7-10.json"))
        let expected = try Fixtures.bytes("expected/eur-usd-2026-07-10-utc/1m.csv")
        let dir = Workdir(for: self)
        let path = dir.url("1m.csv")
        let fd = try FileDescriptor.open(path, .createTruncate)
        let writer = CandleCSVWriter(out: OutputBuffer(fd: fd), scale: 8)
        try writer.writeHeader()
        for row in rows { try writer.write(row) }
        try writer.out.flush()
        fd.close()
        XCTAssertEqual(dir.read("1m.csv"), expected)
    }
}

/// Seeded random payloads, decoded by the code under test and by the Foundation oracle.
final class JettaDayRandomPayloadTests: XCTestCase {
    /// A decimal text for `units × 10^-decimals` in one of the spellings the API or a JSON writer may use.
    static func decimalText(_ units: Int64, decimals: Int, using rng: inout SplitMix64) -> String {
        let exact = DecimalOracle.value(units: units, scale: decimals)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return "\(exact)"                                   // Foundation's positional text
        case 1: return "\(units)E-\(decimals)"                      // mantissa and exponent
        case 2: return "\(units)e-\(decimals)".replacingOccurrences(of: "e-0", with: "e+0")
        default:
            // d.ddddE-n, as Java's Double.toString writes small values.
            let digits = String(units.magnitude)
            let sign = units < 0 ? "-" : ""
            let mantissa = digits.count > 1 ? "\(digits.prefix(1)).\(digits.dropFirst())" : "\(digits).0"
            return "\(sign)\(mantissa)E\(digits.count - 1 - decimals)"
        }
    }

    func testRandomPayloadsDecodeAsTheOracleDecodesThem() throws {
        var rng = seededGenerator(0x5EED_0E01)
        for round in 0..<150 {
            let count = Int.random(in: 0...200, using: &rng)
            let multiplierDecimals = Int.random(in: 0...6, using: &rng)
            let multiplierUnits = Int64([1, 1, 1, 5, 25].randomElement(using: &rng)!)
            let baseDecimals = multiplierDecimals + Int.random(in: 0...2, using: &rng)
            // Values stay below 10^6 so that they fit 12 decimals in an Int64 (the suite's documented range).
            var bases = (0..<4).map { _ in Int64.random(in: 1...999_999, using: &rng) }
            bases[1] = bases.max()! + Int64.random(in: 0...1000, using: &rng)
            bases[2] = bases.min()! - Int64.random(in: 0...min(1000, bases.min()! - 1), using: &rng)
            var times: [Int64] = [], deltas: [[Int64]] = [[], [], [], []], volumes: [String] = []
            for i in 0..<count {
                times.append(i == 0 ? Int64.random(in: 0...10, using: &rng) : Int64.random(in: 1...5, using: &rng))
                let move = Int64.random(in: -50...50, using: &rng)
                // high moves up with a margin and low down, so that high ≥ low holds for every row.
                deltas[0].append(move); deltas[1].append(move + 60); deltas[2].append(move - 60); deltas[3].append(move)
                let volumeDecimals = Int.random(in: 2...9, using: &rng)
                let volumeUnits = Int.random(in: 0..<6, using: &rng) == 0 ? 0 : Int64.random(in: 1...99_999_999, using: &rng)
                volumes.append(Self.decimalText(volumeUnits, decimals: volumeDecimals, using: &rng))
            }
            // The first row is the bases moved by one step: whole, since the bases are.
            if count > 0 { deltas[1][0] = deltas[0][0]; deltas[2][0] = deltas[0][0] }
            let list = { (a: [Int64]) in "[" + a.map(String.init).joined(separator: ",") + "]" }
            let startDay = Int64.random(in: 10_000...25_000, using: &rng)
            var payload = PayloadBuilder()
                .with("timestamp", "\(startDay * 86_400_000)")
                .with("multiplier", Self.decimalText(multiplierUnits, decimals: multiplierDecimals, using: &rng))
                .with("times", list(times)).with("volumes", "[" + volumes.joined(separator: ",") + "]")
            for (k, key) in ["open", "high", "low", "close"].enumerated() {
                payload = payload.with(key, Self.decimalText(bases[k], decimals: baseDecimals, using: &rng))
            }
            for (k, key) in ["opens", "highs", "lows", "closes"].enumerated() { payload = payload.with(key, list(deltas[k])) }
            payload.entries.shuffle(using: &rng)
            let scale = Int.random(in: 0...12, using: &rng)
            let shift: Int64 = Bool.random(using: &rng) ? 0 : Int64.random(in: -23...23, using: &rng) * 3_600_000
            let bytes = payload.bytes
            let expected = try JettaOracle.rows(bytes, scale: scale, shiftMillis: { _ in shift })
            let note = "round \(round), scale \(scale), shift \(shift), seed \(rng.seed)"
            let decoded: [Candle]
            do {
                decoded = try JettaDayDecoder.decode(bytes).candles(alignment: .fixed(milliseconds: shift), scale: scale)
            } catch {
                XCTFail("\(note): \(error)\n\(payload.text.prefix(400))")
                continue
            }
            XCTAssertEqual(decoded.count, expected.count, note)
            for (c, e) in zip(decoded, expected) {
                let row = JettaOracle.Row(time: c.time, open: DecimalOracle.value(units: c.open, scale: scale),
                                          high: DecimalOracle.value(units: c.high, scale: scale),
                                          low: DecimalOracle.value(units: c.low, scale: scale),
                                          close: DecimalOracle.value(units: c.close, scale: scale),
                                          volume: DecimalOracle.value(wideUnits: c.volume, scale: scale))
                if row != e { XCTFail("\(note): decoded \(row), expected \(e)"); break }
            }
        }
    }
}
