import XCTest
@testable import OHLCVCore

final class SymbolTests: XCTestCase {
    func testSpellings() throws {
        let cases: [(String, String, String)] = [
            ("EUR/USD", "EUR-USD", "EUR-USD"),
            ("EUR-USD", "EUR-USD", "EUR-USD"),
            ("EURUSD", "EUR-USD", "EURUSD"),
            ("DEU.IDX-EUR", "DEU.IDX-EUR", "DEU.IDX-EUR"),
            ("DEU.IDX/EUR", "DEU.IDX-EUR", "DEU.IDX-EUR"),
            ("0700.HK-HKD", "0700.HK-HKD", "0700.HK-HKD"),
            ("BTC-USD", "BTC-USD", "BTC-USD"),
        ]
        for (text, code, file) in cases {
            let s = try Symbol(parsing: text)
            XCTAssertEqual(s.code, code, text)
            XCTAssertEqual(s.fileName, file, text)
        }
    }

    func testRejectsBadSpellings() {
        for text in ["", "eurusd", "EUR", "EURUSDX", "EUR--USD", "EUR-USD-JPY", "EUR/USD/JPY", "-EURUSD", "EUR-",
                     "EUR USD", "EUR_USD", ".DEU-EUR", "DEU.-EUR", "EUR-USD.", "../../etc"] {
            XCTAssertThrowsError(try Symbol(parsing: text), text) { error in
                guard let error = error as? OHLCVError, case .badSymbol = error.kind else { return XCTFail("\(text): \(error)") }
                XCTAssertEqual(ExitStatus.code(for: error.kind), ExitStatus.usage, text)
            }
        }
    }

    func testListIgnoresCommentsAndBlankLinesAndKeepsOrder() throws {
        let text = "# my symbols\n\nEUR/USD\n  BTC-USD   # crypto\n\t\nEURGBP\r\nDEU.IDX-EUR\n"
        let list = try Symbol.parseList(text, file: "symbols.txt")
        XCTAssertEqual(list.map(\.fileName), ["EUR-USD", "BTC-USD", "EURGBP", "DEU.IDX-EUR"])
        XCTAssertEqual(list.map(\.code), ["EUR-USD", "BTC-USD", "EUR-GBP", "DEU.IDX-EUR"])
    }

    func testBadLineIsAnErrorNamingFileAndLine() {
        XCTAssertThrowsError(try Symbol.parseList("EUR-USD\n\nbtc-usd\n", file: "symbols.txt")) { error in
            let e = error as! OHLCVError
            XCTAssertEqual(e.file, "symbols.txt")
            XCTAssertEqual(e.line, 3)
            XCTAssertTrue(e.description.contains("symbols.txt:3: "), e.description)
            XCTAssertEqual(ExitStatus.code(for: e.kind), ExitStatus.config)
        }
    }

    func testRepeatedSymbolIsAnError() {
        XCTAssertThrowsError(try Symbol.parseList("EUR/USD\nEUR-USD\n", file: "s.txt")) { error in
            let e = error as! OHLCVError
            XCTAssertEqual(e.line, 2)
            XCTAssertTrue(e.message.contains("line 2 'EUR-USD' and line 1 'EUR-USD' name the same instrument"), e.message)
        }
    }
}
