import XCTest
@testable import OHLCVCore

final class JettaURLTests: XCTestCase {
    func testHistoricalDayHasNoZeroPaddingAndOneBasedMonth() throws {
        let u = try JettaURL(base: "https://jetta.dukascopy.com")
        XCTAssertEqual(u.historicalDay(Series(try Symbol(parsing: "EUR-USD")), CivilDate(year: 2025, month: 12, day: 5)),
                       "https://jetta.dukascopy.com/v1/candles/minute/EUR-USD/BID/2025/12/5")
        XCTAssertEqual(u.historicalDay(Series(try Symbol(parsing: "DEU.IDX-EUR")), CivilDate(year: 2026, month: 1, day: 31)),
                       "https://jetta.dukascopy.com/v1/candles/minute/DEU.IDX-EUR/BID/2026/1/31")
    }

    func testOpenDayUsesEpochMillisOfMidnight() throws {
        let u = try JettaURL(base: "http://127.0.0.1:8080/")
        XCTAssertEqual(u.openDay(Series(try Symbol(parsing: "BTC-USD")), CivilDate(year: 2026, month: 7, day: 13)),
                       "http://127.0.0.1:8080/v1/candles/minute/BTC-USD/BID?from=1783900800000")
        XCTAssertEqual(JettaURL.startMillis(of: CivilDate(year: 1970, month: 1, day: 1)), 0)
    }

    func testBaseMustBeHTTP() {
        for bad in ["ftp://x", "jetta.dukascopy.com", "http://x/?a=1", ""] {
            XCTAssertThrowsError(try JettaURL(base: bad), bad)
        }
        XCTAssertEqual(try JettaURL(base: "http://127.0.0.1:1/prefix//").base, "http://127.0.0.1:1/prefix")
    }

    func testLoopbackBases() throws {
        for base in ["http://127.0.0.1:8080", "http://localhost/x", "http://[::1]:9/"] {
            XCTAssertTrue(try JettaURL(base: base).isLoopback, base)
        }
        for base in ["https://jetta.dukascopy.com", "http://127.0.0.1.example.com", "http://10.0.0.1"] {
            XCTAssertFalse(try JettaURL(base: base).isLoopback, base)
        }
    }
}
