import Foundation
import OHLCVCore
import XCTest

final class JettaDayDecoderTests: XCTestCase {
    private func value(_ d: JettaDay.Decimal) -> Decimal {
        Decimal(d.significand) * Decimal(sign: .plus, exponent: d.exponent, significand: 1)
    }

    // MARK: real payloads

    func testDecodesTheRealEURUSDFridayExactlyAsFoundationReadsIt() throws {
        let bytes = try Fixtures.bytes("jetta/candles-minute-EUR-USD-BID-2026-7-10.json")
        let day = try JettaDayDecoder.decode(bytes)
        let oracle = try JettaOracle.payload(bytes)
        XCTAssertEqual(day.timestampMillis, 1_783_641_600_000)
        XCTAssertEqual(day.shiftMillis, 60_000)
        XCTAssertEqual(value(day.multiplier), DecimalOracle.parse("0.00001"))
        XCTAssertEqual(day.bases?.map(value), ["1.14331", "1.14334", "1.14322", "1.14324"].map(DecimalOracle.parse))
        XCTAssertEqual(day.count, 1258)
        XCTAssertEqual(day.times, oracle.times)
        XCTAssertEqual(day.deltas, oracle.deltas)
        XCTAssertEqual(day.volumes.map(value), oracle.volumes)
        XCTAssertEqual(day.times.filter { $0 == 3 }.count, 1, "the README's one gap")
    }

    func testDecodesTheBTCVolumesWrittenInExponentForm() throws {
        let bytes = try Fixtures.bytes("jetta/candles-minute-BTC-USD-BID-2023-2-19.json")
        let day = try JettaDayDecoder.decode(bytes)
        XCTAssertEqual(day.count, 1437)
        XCTAssertEqual(value(day.multiplier), DecimalOracle.parse("0.1"))
        XCTAssertEqual(day.volumes.map(value), try JettaOracle.payload(bytes).volumes)
        XCTAssertEqual(value(day.volumes[1]), DecimalOracle.parse("0.000846"), "8.46E-4")
    }

    func testDecodesTheEmptySaturdayWithNullBases() throws {
        let day = try JettaDayDecoder.decode(try Fixtures.bytes("jetta/candles-minute-EUR-USD-BID-2026-7-11-empty.json"))
        XCTAssertNil(day.bases)
        XCTAssertTrue(day.isEmpty)
        XCTAssertEqual(day.timestampMillis, 1_783_728_000_000)
        XCTAssertEqual(day.deltas, [[], [], [], []])
        XCTAssertEqual(day.volumes, [])
    }

    func testRefusesEveryStrictPrefixOfARealPayload() throws {
        let bytes = try Fixtures.bytes("jetta/candles-minute-EUR-USD-BID-2026-7-10.json")
        var cuts = Array(stride(from: 0, to: bytes.count, by: 61))
        cuts += (max(0, bytes.count - 40)..<bytes.count)
        cuts += (0..<200)
        for cut in cuts {
            let error = assertOHLCVError(try JettaDayDecoder.decode(Array(bytes[..<cut])), "cut at \(cut)")
            switch error?.kind {
            case .malformedJSON?, .badNumber?: XCTAssertEqual(error?.line, 1)
            default: XCTFail("cut at \(cut): unexpected \(String(describing: error))")
            }
        }
    }

    // MARK: the synthetic payload

    func testDecodesTheSyntheticPayload() throws {
        let day = try JettaDayDecoder.decode(PayloadBuilder().bytes)
        XCTAssertEqual(day.times, [0, 1, 3])
        XCTAssertEqual(day.deltas, [[0, -8, 2], [0, 1, 0], [0, -4, 1], [0, 9, -3]])
        XCTAssertEqual(day.volumes.map(value), ["197.1", "104.85", "0.5"].map(DecimalOracle.parse))
    }

    func testAcceptsWhitespaceBetweenTokensAndAfterThePayload() throws {
        let spaced = " {\n \"timestamp\" : 1783641600000 ,\t\"multiplier\":1.0E-5,\"open\":1.14331,\"high\":1.14334,"
            + "\"low\":1.14322,\"close\":1.14324,\"shift\":60000,\"times\":[ 0 , 1 ,3 ],\"opens\":[0,-8,2],"
            + "\"highs\":[0,1,0],\"lows\":[0,-4,1],\"closes\":[0,9,-3],\"volumes\":[ 197.1 ,104.85,0.5 ] }\r\n"
        XCTAssertEqual(try JettaDayDecoder.decode(Array(spaced.utf8)), try JettaDayDecoder.decode(PayloadBuilder().bytes))
    }

    /// Issue #14: compact arrays take a fast reader, spaced ones the general reader. Both must give the values
    /// the text was generated from, including the edges of the fast reader (18 and 19 digits, -0, a lone 0).
    func testCompactAndSpacedArraysDecodeToTheGeneratedValues() throws {
        var rng = seededGenerator(0x5EED_1402)
        for _ in 0..<300 {
            let count = Int.random(in: 1...40, using: &rng)
            var integers: [Int64] = [], integerTexts: [String] = []
            var volumes: [Decimal] = [], volumeTexts: [String] = []
            for _ in 0..<count {
                let digits = Int.random(in: 1...18, using: &rng)
                let v = Int64.random(in: 0..<Powers.ten(digits), using: &rng) * (Bool.random(using: &rng) ? -1 : 1)
                integers.append(v); integerTexts.append(String(v))
                let fraction = Int.random(in: 0...(18 - min(digits, 17)), using: &rng)
                let units = Int64.random(in: 0..<Powers.ten(min(digits, 17)), using: &rng)
                var text = String(units)
                if fraction > 0 {
                    text = String(repeating: "0", count: max(0, fraction + 1 - text.count)) + text
                    text.insert(".", at: text.index(text.endIndex, offsetBy: -fraction))
                }
                volumes.append(DecimalOracle.parse(text)); volumeTexts.append(text)
            }
            let times = "[" + integerTexts.joined(separator: ",") + "]"
            let volumeArray = "[" + volumeTexts.joined(separator: ",") + "]"
            var builder = PayloadBuilder().with("times", times).with("volumes", volumeArray)
            for key in ["opens", "highs", "lows", "closes"] { builder = builder.with(key, times) }
            var spaced = PayloadBuilder().with("times", "[ " + integerTexts.joined(separator: " , ") + " ]")
                .with("volumes", "[ " + volumeTexts.joined(separator: " ,") + "\n]")
            for key in ["opens", "highs", "lows", "closes"] { spaced = spaced.with(key, "[" + integerTexts.joined(separator: "\t,") + " ]") }
            let compact = try JettaDayDecoder.decode(builder.bytes)
            XCTAssertEqual(compact.times, integers, "seed \(rng.seed)")
            XCTAssertEqual(compact.deltas, Array(repeating: integers, count: 4), "seed \(rng.seed)")
            XCTAssertEqual(compact.volumes.map(value), volumes, "seed \(rng.seed)")
            XCTAssertEqual(try JettaDayDecoder.decode(spaced.bytes), compact, "seed \(rng.seed)")
        }
        let edges = try JettaDayDecoder.decode(PayloadBuilder().with("times", "[0,-0,999999999999999999]")
            .with("volumes", "[0.0,-0.5,123456789012345678]").bytes)
        XCTAssertEqual(edges.times, [0, 0, 999_999_999_999_999_999])
        XCTAssertEqual(edges.volumes.map(value), ["0", "-0.5", "123456789012345678"].map(DecimalOracle.parse))
        // 19 digits leave the fast reader, and the general one refuses them as before.
        assertThrows(.badNumber(field: "times", text: "1000000000000000000"),
                     try JettaDayDecoder.decode(PayloadBuilder().with("times", "[0,1,1000000000000000000]").bytes))
        let exponents = try JettaDayDecoder.decode(PayloadBuilder().with("volumes", "[1.5,1.0e-3,2E2]").bytes)
        XCTAssertEqual(exponents.volumes.map(value), ["1.5", "0.001", "200"].map(DecimalOracle.parse), "exponent form")
    }

    func testSkipsUnknownKeysOfAnyShape() throws {
        let extra = PayloadBuilder()
            .appending("pipValue", "0.0001")
            .appending("meta", #"{"a":[1,-2.5e3,{"b":null}],"c":"s\"q}","d":true,"e":false,"f":[]}"#)
        XCTAssertEqual(try JettaDayDecoder.decode(extra.bytes), try JettaDayDecoder.decode(PayloadBuilder().bytes))
    }

    func testRefusesAnUnknownKeyWhoseValueIsNotJSON() {
        for bad in ["[1,}", "{\"a\" 1}", "\"unterminated", "tru", "[1 2]", "x"] {
            let error = assertOHLCVError(try JettaDayDecoder.decode(PayloadBuilder().appending("meta", bad).bytes), bad)
            XCTAssertNotNil(malformedJSONMessage(error), "\(bad): \(String(describing: error))")
        }
    }

    func testNamesEachMissingKey() {
        for key in PayloadBuilder.keys {
            let error = assertThrows(message: "malformed JSON: missing key '\(key)'",
                                     try JettaDayDecoder.decode(PayloadBuilder().with(key, nil).bytes), key)
            XCTAssertEqual(error?.line, 1)
        }
    }

    func testRefusesARepeatedKey() {
        for key in PayloadBuilder.keys + ["unknown"] {
            var payload = PayloadBuilder().appending(key, PayloadBuilder()[key] ?? "1")
            if key == "unknown" { payload = payload.appending(key, "2") }
            let error = assertOHLCVError(try JettaDayDecoder.decode(payload.bytes), key)
            XCTAssertTrue(malformedJSONMessage(error)?.hasPrefix("key '\(key)' appears twice") == true,
                          "\(key): \(String(describing: error))")
        }
    }

    func testReportsWhichArrayHasTheWrongLength() {
        for key in ["opens", "highs", "lows", "closes"] {
            assertThrows(.arrayLengthMismatch(field: key, count: 4, expected: 3),
                         try JettaDayDecoder.decode(PayloadBuilder().with(key, "[0,1,2,3]").bytes), key)
            assertThrows(.arrayLengthMismatch(field: key, count: 2, expected: 3),
                         try JettaDayDecoder.decode(PayloadBuilder().with(key, "[0,1]").bytes), key)
        }
        assertThrows(.arrayLengthMismatch(field: "volumes", count: 4, expected: 3),
                     try JettaDayDecoder.decode(PayloadBuilder().with("volumes", "[1,2,3,4]").bytes))
        assertThrows(.arrayLengthMismatch(field: "volumes", count: 0, expected: 3),
                     try JettaDayDecoder.decode(PayloadBuilder().with("volumes", "[]").bytes))
        // A longer times array is reported against the first delta array.
        assertThrows(.arrayLengthMismatch(field: "opens", count: 3, expected: 4),
                     try JettaDayDecoder.decode(PayloadBuilder().with("times", "[0,1,1,1]").bytes))
    }

    func testRefusesDeltasThatAreNotIntegers() {
        for key in ["times", "opens", "highs", "lows", "closes"] {
            assertThrows(.badNumber(field: key, text: "1.5"),
                         try JettaDayDecoder.decode(PayloadBuilder().with(key, "[0,1.5,1]").bytes), key)
            assertThrows(.badNumber(field: key, text: "1e-3"),
                         try JettaDayDecoder.decode(PayloadBuilder().with(key, "[0,1e-3,1]").bytes), key)
            assertThrows(.badNumber(field: key, text: "12345678901234567890"),
                         try JettaDayDecoder.decode(PayloadBuilder().with(key, "[0,12345678901234567890,1]").bytes), key)
            for bad in ["[0,\"x\",1]", "[0,x,1]", "[0,null,1]", "[0,,1]", "[0,1,]", "0", "[0,[1],1]"] {
                let error = assertOHLCVError(try JettaDayDecoder.decode(PayloadBuilder().with(key, bad).bytes), "\(key) \(bad)")
                switch error?.kind {
                case .malformedJSON?, .badNumber?: break
                default: XCTFail("\(key) \(bad): \(String(describing: error))")
                }
            }
        }
    }

    func testRefusesNonNumericScalars() {
        for key in ["timestamp", "shift", "multiplier", "open"] {
            let error = assertOHLCVError(try JettaDayDecoder.decode(PayloadBuilder().with(key, "\"x\"").bytes), key)
            XCTAssertNotNil(malformedJSONMessage(error), "\(key): \(String(describing: error))")
        }
        assertThrows(.badNumber(field: "timestamp", text: "1.5"),
                     try JettaDayDecoder.decode(PayloadBuilder().with("timestamp", "1.5").bytes))
        assertThrows(.badNumber(field: "volumes", text: "1.2.3"),
                     try JettaDayDecoder.decode(PayloadBuilder().with("volumes", "[1,1.2.3,1]").bytes))
    }

    func testRefusesNullBasesWithCandlesAndPartlyNullBases() {
        let allNull = ["open", "high", "low", "close"].reduce(PayloadBuilder()) { $0.with($1, "null") }
        assertThrows(message: "malformed JSON: base prices are null but the day has 3 candles", try JettaDayDecoder.decode(allNull.bytes))
        assertThrows(message: "malformed JSON: base prices are partly null",
                     try JettaDayDecoder.decode(PayloadBuilder().with("low", "null").bytes))
    }

    func testRefusesANonPositiveShiftOrMultiplier() {
        assertThrows(message: "malformed JSON: shift must be positive, found 0", try JettaDayDecoder.decode(PayloadBuilder().with("shift", "0").bytes))
        assertThrows(message: "malformed JSON: shift must be positive, found -60000",
                     try JettaDayDecoder.decode(PayloadBuilder().with("shift", "-60000").bytes))
        assertThrows(message: "malformed JSON: multiplier must be positive", try JettaDayDecoder.decode(PayloadBuilder().with("multiplier", "0").bytes))
        assertThrows(message: "malformed JSON: multiplier must be positive", try JettaDayDecoder.decode(PayloadBuilder().with("multiplier", "-1.0E-5").bytes))
    }

    func testRefusesTrailingBytes() {
        for trailer in ["x", "}", "{}", ",", " 1", "\n{\"timestamp\":1}"] {
            var payload = PayloadBuilder()
            payload.trailer = trailer
            let error = assertOHLCVError(try JettaDayDecoder.decode(payload.bytes), trailer)
            XCTAssertTrue(malformedJSONMessage(error)?.hasPrefix("unexpected bytes after the closing '}'") == true,
                          "\(trailer): \(String(describing: error))")
        }
    }

    func testRefusesPayloadsThatAreNotAnObject() {
        for text in ["", " ", "[]", "null", "\"x\"", "{", "{}", "{\"timestamp\"}", "{\"timestamp\":}", "{timestamp:1}",
                     "{\"time\\u0073tamp\":1}"] {
            let error = assertOHLCVError(try JettaDayDecoder.decode(Array(text.utf8)), text)
            XCTAssertNotNil(malformedJSONMessage(error), "'\(text)': \(String(describing: error))")
            XCTAssertEqual(error?.line, 1)
        }
    }

    func testSaysWhenThePayloadWasCutShort() {
        let text = PayloadBuilder().text
        let cut = Array(text.utf8.prefix(text.utf8.count - 10))
        let message = malformedJSONMessage(assertOHLCVError(try JettaDayDecoder.decode(cut)))
        XCTAssertTrue(message?.hasSuffix("(payload cut short?)") == true, String(describing: message))
    }

    func testNamesWhereAndHowAPayloadWasCutShort() {
        let text = PayloadBuilder().text
        func cut(after marker: String) -> [UInt8] {
            let end = text.range(of: marker)!.upperBound
            return Array(text[..<end].utf8)
        }
        let key = cut(after: "\"multi")
        assertThrows(message: "malformed JSON: unterminated key at byte \(key.count + 1) (payload cut short?)", try JettaDayDecoder.decode(key))
        let value = cut(after: "\"timestamp\":")
        assertThrows(message: "malformed JSON: expected a number for 'timestamp' at byte \(value.count + 1) (payload cut short?)",
                     try JettaDayDecoder.decode(value))
        let number = cut(after: "\"multiplier\":1.0E-")
        assertThrows(.badNumber(field: "multiplier", text: "1.0E-"), try JettaDayDecoder.decode(number))
        let array = cut(after: "\"times\":[0,1")
        assertThrows(message: "malformed JSON: expected ',' or ']' in 'times' at byte \(array.count + 1) (payload cut short?)",
                     try JettaDayDecoder.decode(array))
        let object = Array(text.utf8.dropLast())
        assertThrows(message: "malformed JSON: expected ',' or '}' after a value at byte \(object.count + 1) (payload cut short?)",
                     try JettaDayDecoder.decode(object))
    }
}
