import XCTest
@testable import OHLCVCore

final class DayPayloadTests: XCTestCase {
    let start: Int64 = 1_783_641_600_000

    func payload(times: String, closes: String, volumes: String, timestamp: Int64 = 1_783_641_600_000) -> [UInt8] {
        Array("""
        {"timestamp":\(timestamp),"multiplier":1.0E-5,"open":1.1,"high":1.2,"low":1.0,"close":1.1,"shift":60000,"times":[\(times)],"opens":[0,0,0],"highs":[0,0,0],"lows":[0,0,0],"closes":[\(closes)],"volumes":[\(volumes)]}
        """.utf8)
    }

    func testRejectsCandlesOutsideTheDay() {
        XCTAssertThrowsError(try DayPayload.validate(payload(times: "0,1,1440", closes: "0,0,0", volumes: "1,1,1"),
                                                     dayStartMillis: start))
        XCTAssertThrowsError(try DayPayload.validate(payload(times: "0,1,1", closes: "0,0,0", volumes: "1,1,1", timestamp: start + 60_000),
                                                     dayStartMillis: start))
    }

    func testAbsurdTimeDeltasAreDataErrorsNotTraps() {
        for times in ["1000000000000000,1,1", "0,-1,5", "0,0,1", "0,1,4611686018427387904"] {
            XCTAssertThrowsError(try DayPayload.validate(payload(times: times, closes: "0,0,0", volumes: "1,1,1"),
                                                         dayStartMillis: start), times) { error in
                XCTAssertEqual(ExitStatus.code(for: (error as! OHLCVError).kind), 65, times)
            }
        }
    }

    func testRejectsUnequalArraysAndGarbage() {
        XCTAssertThrowsError(try DayPayload.validate(payload(times: "0,1", closes: "0,0,0", volumes: "1,1,1"), dayStartMillis: start))
        XCTAssertThrowsError(try DayPayload.validate(Array("{".utf8), dayStartMillis: start))
        XCTAssertThrowsError(try DayPayload.validate([], dayStartMillis: start))
    }

    func testRealPayloadsValidate() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../shared/fixtures/jetta").standardized.path
        guard FileManager.default.fileExists(atPath: dir) else { throw XCTSkip("needs ../shared/fixtures (absent)") }
        let eur = try FileSystem.readAll(dir + "/candles-minute-EUR-USD-BID-2026-7-10.json")
        XCTAssertEqual(try DayPayload.validate(eur, dayStartMillis: 1_783_641_600_000).candles.count, 1258)
        let sat = try FileSystem.readAll(dir + "/candles-minute-EUR-USD-BID-2026-7-11-empty.json")
        XCTAssertTrue(try DayPayload.validate(sat, dayStartMillis: 1_783_728_000_000).isEmpty)
        let btc = try FileSystem.readAll(dir + "/candles-minute-BTC-USD-BID-2023-2-19.json")
        XCTAssertEqual(try DayPayload.validate(btc, dayStartMillis: 1_676_764_800_000).candles.count, 1437)
    }
}
