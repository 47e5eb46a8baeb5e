import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

final class CandleCSVReaderTests: XCTestCase {
    static let header = "time,open,high,low,close,volume\n"
    static let row1 = "2025-01-01 00:00:00,1.5,2.0,1.0,1.25,10.0\n"
    static let row2 = "2025-01-01 00:01:00,1.5,2.0,1.0,1.25,9.6e-05\n"

    /// Reads every row of `text`, starting at `offset`.
    private func readAll(_ text: String, scale: Int = 8, offset: Int64 = 0, limit: Int64? = nil) throws -> [Candle] {
        let dir = Workdir(for: self)
        let path = dir.write("in.csv", text)
        let fd = try FileDescriptor.open(path, .readOnly)
        defer { fd.close() }
        let reader = try CandleCSVReader(fd: fd, scale: scale, startOffset: offset, limit: limit)
        var rows: [Candle] = []
        while let c = try reader.next() { rows.append(c) }
        return rows
    }

    func testReadsBackRandomCandlesAtEveryScale() throws {
        var rng = seededGenerator(0x5EED_0601)
        for scale in [0, 2, 8, 12] {
            let candles = CandleGenerator.candles(count: 500, using: &rng)
            XCTAssertEqual(try readAll(CandleGenerator.csv(candles, scale: scale), scale: scale), candles,
                           "scale \(scale), seed \(rng.seed)")
        }
    }

    func testReadsTheSpecRowExactly() throws {
        let rows = try readAll(Self.header + "2025-11-26 00:00:00,1.15648,1.16021,1.1547,1.16017,108027.31\n" + Self.row2.replacingOccurrences(of: "2025-01-01", with: "2025-11-26"))
        XCTAssertEqual(rows.first, Candle(time: CalendarOracle.seconds(2025, 11, 26), open: 115_648_000, high: 116_021_000,
                                          low: 115_470_000, close: 116_017_000, volume: 10_802_731_000_000))
        XCTAssertEqual(rows.last?.volume, 9600)
    }

    func testAHeaderOnlyFileHasNoRows() throws {
        XCTAssertEqual(try readAll(Self.header), [])
    }

    func testReportsAWrongHeaderOnLineOne() {
        for header in ["time,open,high,low,close,vol\n", "Time,open,high,low,close,volume\n",
                       "time,open,high,low,close,volume\r\n", "time,open,high,low,close,volume,\n", "\n"] {
            let error = assertOHLCVError(try readAll(header + Self.row1), header)
            guard let message = badCSVMessage(error) else { XCTFail("\(String(describing: error))"); continue }
            XCTAssertTrue(message.hasPrefix("header must be 'time,open,high,low,close,volume'"), message)
            XCTAssertEqual(error?.line, 1)
        }
    }

    func testReportsAWrongFieldCountWithItsLine() {
        for row in ["2025-01-01 00:01:00,1.5,2.0,1.0,1.25", "2025-01-01 00:01:00,1.5,2.0,1.0,1.25,9,9",
                    "2025-01-01 00:01:00,1.5"] {
            let error = assertThrows(message: "bad CSV: expected 6 fields in '\(row)'", try readAll(Self.header + Self.row1 + row + "\n"))
            XCTAssertEqual(error?.line, 3)
        }
    }

    func testReportsABadNumberWithItsFieldAndLine() {
        let cases: [(String, String, String)] = [
            ("2025-01-01 00:01:00,1.5,1.2.3,1.0,1.25,9", "high", "1.2.3"),
            ("2025-01-01 00:01:00,,2.0,1.0,1.25,9", "open", ""),
            ("2025-01-01 00:01:00,1.5,2.0,1.0,1.25,", "volume", ""),
            ("2025-01-01 00:01:00,1.5,2.0,x,1.25,9", "low", "x"),
            ("2025-01-01 00:01:00,1.5,2.0,1.0,1.25,9\r", "volume", "9\r"),
            ("2025-01-01 00:01:00,1.5,2.0,1.0, 1.25,9", "close", " 1.25"),
            ("2025-01-01 00:01:00,1.5,2.0,1.0,1.25,1e999", "volume", "1e999"),
        ]
        for (row, field, text) in cases {
            let error = assertThrows(.badNumber(field: field, text: text), try readAll(Self.header + Self.row1 + row + "\n"), row)
            XCTAssertEqual(error?.line, 3, row)
        }
    }

    func testRefusesMoreDecimalsThanTheFileScale() {
        let error = assertThrows(.badNumber(field: "open", text: "1.234"),
                                 try readAll(Self.header + "2025-01-01 00:00:00,1.234,2.0,1.0,1.25,10.0\n", scale: 2))
        XCTAssertEqual(error?.line, 2)
        XCTAssertNoThrow(try readAll(Self.header + "2025-01-01 00:00:00,1.230,2.0,1.0,1.25,10.0\n", scale: 2))
    }

    func testReportsABadTimestampWithItsLine() {
        for row in ["2025-02-30 00:00:00,1.5,2.0,1.0,1.25,9", "2025-01-01 00:01:00;1.5,2.0,1.0,1.25,9",
                    "2025-01-01T00:01:00,1.5,2.0,1.0,1.25,9", "2025-01-01 00:01,1.5,2.0,1.0,1.25,9", ""] {
            let error = assertOHLCVError(try readAll(Self.header + Self.row1 + row + "\n"), row)
            guard let message = badCSVMessage(error) else { XCTFail("\(row): \(String(describing: error))"); continue }
            XCTAssertTrue(message.hasPrefix("expected 'YYYY-MM-DD HH:MM:SS,'"), message)
            XCTAssertEqual(error?.line, 3, row)
        }
    }

    func testReportsRowsOutOfOrderOrRepeated() {
        var error = assertThrows(.outOfOrder(previous: "2025-01-01 00:01:00", current: "2025-01-01 00:00:00"),
                                 try readAll(Self.header + Self.row2 + Self.row1))
        XCTAssertEqual(error?.line, 3)
        error = assertThrows(.outOfOrder(previous: "2025-01-01 00:00:00", current: "2025-01-01 00:00:00"),
                             try readAll(Self.header + Self.row1 + Self.row1))
        XCTAssertEqual(error?.line, 3)
    }

    func testReportsHighBelowLow() {
        let error = assertThrows(.highBelowLow(time: "2025-01-01 00:01:00"),
                                 try readAll(Self.header + Self.row1 + "2025-01-01 00:01:00,1.5,1.0,2.0,1.25,9\n"))
        XCTAssertEqual(error?.line, 3)
    }

    /// Issue #9 item 9: low ≤ open ≤ high and low ≤ close ≤ high, or the row is bad input at its line.
    func testRefusesACandleWhoseOpenOrCloseLiesOutsideItsRange() {
        let cases: [(String, (String, String, String, String))] = [
            ("2.5,2.0,1.0,1.25", ("2.5", "2.0", "1.0", "1.25")),      // open above high
            ("0.5,2.0,1.0,1.25", ("0.5", "2.0", "1.0", "1.25")),      // open below low
            ("1.5,2.0,1.0,2.25", ("1.5", "2.0", "1.0", "2.25")),      // close above high
            ("1.5,2.0,1.0,0.75", ("1.5", "2.0", "1.0", "0.75")),      // close below low
            ("1.5e0,2,1,2.00000001", ("1.5", "2.0", "1.0", "2.00000001")),   // any spelling; values as the file's decimals
        ]
        for (prices, v) in cases {
            let row = "2025-01-01 00:01:00,\(prices),9\n"
            let error = assertThrows(.candleNotWhole(time: "2025-01-01 00:01:00", open: v.0, high: v.1, low: v.2, close: v.3),
                                     try readAll(Self.header + Self.row1 + row), row)
            XCTAssertEqual(error?.line, 3, row)
            XCTAssertEqual(error.map { ExitStatus.code(for: $0.kind) }, ExitStatus.dataError)
            XCTAssertEqual(error?.description, "ABORT! Critical error in ohlcv: candle at 2025-01-01 00:01:00 is not whole: "
                + "open \(v.0) and close \(v.3) must lie within [low \(v.2), high \(v.1)]")
        }
    }

    func testAcceptsOpenAndCloseOnTheEdgesOfTheRange() throws {
        let rows = try readAll(Self.header + "2025-01-01 00:00:00,2.0,2.0,1.0,1.0,1\n" + "2025-01-01 00:01:00,1.0,2.0,1.0,2.0,1\n"
                               + "2025-01-01 00:02:00,1.5,1.5,1.5,1.5,1\n")
        XCTAssertEqual(rows.map { [$0.open, $0.high, $0.low, $0.close] },
                       [[200_000_000, 200_000_000, 100_000_000, 100_000_000], [100_000_000, 200_000_000, 100_000_000, 200_000_000],
                        [150_000_000, 150_000_000, 150_000_000, 150_000_000]])
    }

    /// Read mid-file (as resample and parquet do), the error names the byte offset of the row instead.
    func testRefusesACandleNotWholeMidFileAtItsByteOffset() {
        let bad = "2025-01-01 00:01:00,2.5,2.0,1.0,1.25,9\n"
        let offset = Int64((Self.header + Self.row1).utf8.count)
        let error = assertThrows(.candleNotWhole(time: "2025-01-01 00:01:00", open: "2.5", high: "2.0", low: "1.0", close: "1.25"),
                                 try readAll(Self.header + Self.row1 + bad, offset: offset))
        XCTAssertNil(error?.line)
        XCTAssertEqual(error?.byteOffset, offset)
    }

    // MARK: issue #9 item 5: DECIMALS=12

    /// A resampled year's volume at 12 decimals passes Int64; it must read back exactly, whatever its text.
    func testReadsVolumesPastInt64AtTwelveDecimalsExactly() throws {
        let texts = ["73000000000.0", "73000000000.123456789012", "9223372.036854775808", "10853010.0",
                     "1.2345678901234567890123e+16", "170141183460469231731687303.715884105727"]
        for text in texts {
            let rows = try readAll(Self.header + "2025-01-01 00:00:00,1.0,1.0,1.0,1.0,\(text)\n", scale: 12)
            let volume = try XCTUnwrap(rows.first?.volume)
            XCTAssertEqual(DecimalOracle.value(wideUnits: volume, scale: 12), DecimalOracle.parse(text), text)
        }
    }

    func testReadsPricesUpToTheCapAtTwelveDecimalsExactly() throws {
        // 19 significant digits: one more than the fast path takes.
        for text in ["1000000.0", "1234567.123456789012", "9223372.036854775807", "0.000000000001"] {
            let rows = try readAll(Self.header + "2025-01-01 00:00:00,\(text),\(text),\(text),\(text),1\n", scale: 12)
            let open = try XCTUnwrap(rows.first?.open)
            XCTAssertEqual(DecimalOracle.value(units: open, scale: 12), DecimalOracle.parse(text), text)
        }
    }

    func testAPriceAboveTheCapNamesTheDecimalsThatHoldIt() {
        // One unit of 10^-12 above 2^63 - 1: fits at 11 decimals (rounded, the reader refuses: it never rounds,
        // so the advice is for the run that writes the file).
        let row = "2025-01-01 00:00:00,9223372.036854775808,9223372.036854775808,1.0,1.0,1\n"
        let error = assertThrows(.exceedsDecimalsLimit(quantity: .price, what: "open", value: "9223372.036854775808",
                                                       decimals: 12, fitsAt: 11),
                                 try readAll(Self.header + row, scale: 12))
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error.map { ExitStatus.code(for: $0.kind) }, ExitStatus.config)
        let absurd = "2025-01-01 00:00:00,1.0,1e30,1.0,1.0,1\n"
        let none = assertThrows(.exceedsDecimalsLimit(quantity: .price, what: "high", value: "1e30", decimals: 8, fitsAt: nil),
                                try readAll(Self.header + absurd))
        XCTAssertEqual(none.map { ExitStatus.code(for: $0.kind) }, ExitStatus.dataError)
    }

    func testReportsALastLineWithoutNewline() {
        let error = assertThrows(message: "bad CSV: last line has no newline (file cut short?)",
                                 try readAll(Self.header + Self.row1 + Self.row2.dropLast()))
        XCTAssertEqual(error?.line, 3)
    }

    func testStartsMidFileAtARowAndNamesByteOffsetsInErrors() throws {
        let start = Int64((Self.header + Self.row1).utf8.count)
        XCTAssertEqual(try readAll(Self.header + Self.row1 + Self.row2, offset: start).map(\.volume), [9600])
        let bad = Self.header + Self.row1 + Self.row2 + "2025-01-01 00:02:00,1.5,x,1.0,1.25,9\n"
        let error = assertThrows(.badNumber(field: "high", text: "x"), try readAll(bad, offset: start))
        XCTAssertNil(error?.line, "the line number is unknown mid-file")
        XCTAssertEqual(error?.byteOffset, Int64((Self.header + Self.row1 + Self.row2).utf8.count))
        let order = assertOHLCVError(try readAll(Self.header + Self.row2 + Self.row1 + Self.row1,
                                                 offset: Int64((Self.header + Self.row2).utf8.count)))
        XCTAssertEqual(order?.byteOffset, Int64((Self.header + Self.row2 + Self.row1).utf8.count))
    }

    func testStopsAtTheLimit() throws {
        let limit = Int64((Self.header + Self.row1).utf8.count)
        XCTAssertEqual(try readAll(Self.header + Self.row1 + Self.row2, limit: limit).count, 1)
        assertOHLCVError(try readAll(Self.header + Self.row1 + Self.row2, limit: limit + 5), "a limit inside a row")
    }

    func testKnowsEachRowsOffsetAndBytes() throws {
        var rng = seededGenerator(0x5EED_0602)
        let candles = CandleGenerator.candles(count: 200, using: &rng)
        let text = CandleGenerator.csv(candles, scale: 8)
        let dir = Workdir(for: self)
        let fd = try FileDescriptor.open(dir.write("in.csv", text), .readOnly)
        defer { fd.close() }
        let reader = try CandleCSVReader(fd: fd, scale: 8)
        var offset = Int64(Self.header.utf8.count)
        for c in candles {
            XCTAssertEqual(reader.offset, offset)
            XCTAssertEqual(try reader.next(), c)
            XCTAssertEqual(reader.rowOffset, offset)
            let row = CandleGenerator.row(c, scale: 8)
            XCTAssertEqual(String(decoding: reader.rowBytes, as: UTF8.self) + "\n", row)
            offset += Int64(row.utf8.count)
        }
        XCTAssertNil(try reader.next())
        XCTAssertEqual(reader.offset, offset)
    }

    func testRefusesARowNotAfterAPresetPreviousTime() throws {
        let dir = Workdir(for: self)
        let fd = try FileDescriptor.open(dir.write("in.csv", Self.header + Self.row1), .readOnly)
        defer { fd.close() }
        let reader = try CandleCSVReader(fd: fd, scale: 8)
        reader.previousTime = CalendarOracle.seconds(2025, 1, 1)
        assertThrows(.outOfOrder(previous: "2025-01-01 00:00:00", current: "2025-01-01 00:00:00"), try reader.next())
    }

    func testReadsAnySpellingOfTheSameNumber() throws {
        var rng = seededGenerator(0x5EED_0603)
        let candles = CandleGenerator.candles(count: 300, using: &rng)
        var text = Self.header
        for c in candles {
            text += CalendarOracle.timestamp(c.time)
            for units in [c.open, c.high, c.low, c.close, Int64(c.volume)] {
                text += "," + JettaDayRandomPayloadTests.decimalText(units, decimals: 8, using: &rng)
            }
            text += "\n"
        }
        XCTAssertEqual(try readAll(text), candles, "seed \(rng.seed)")
    }
}
