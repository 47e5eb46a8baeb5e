import XCTest
@testable import OHLCVCore

/// One identity per instrument (issue 9, item 1): every spelling of a listed instrument resolves to it.
final class SymbolListTests: XCTestCase {
    func testEverySpellingOfOneInstrumentTwiceIsRefusedNamingBothLines() {
        let spellings = ["EUR/USD", "EUR-USD", "EURUSD"]
        for first in spellings {
            for second in spellings {
                let text = "# FX\n\(first)\nBTC-USD\n\(second)\n"
                XCTAssertThrowsError(try SymbolList(parsing: text, file: "symbols.txt"), "\(first) + \(second)") { error in
                    let e = error as! OHLCVError
                    XCTAssertEqual(e.file, "symbols.txt")
                    XCTAssertEqual(e.line, 4)
                    XCTAssertEqual(e.kind, .duplicateInstrument(code: "EUR-USD", first: (try! Symbol(parsing: first)).fileName,
                                                                 firstLine: 2, second: second, secondLine: 4))
                    XCTAssertTrue(e.description.hasPrefix("ABORT! Critical error in "), e.description)
                    XCTAssertTrue(e.message.contains("line 4 '\(second)' and line 2"), e.message)
                    XCTAssertEqual(ExitStatus.code(for: e.kind), ExitStatus.config)
                }
            }
        }
    }

    func testDifferentInstrumentsSharingLettersAreNotDuplicates() throws {
        let list = try SymbolList(parsing: "EUR-USD\nUSD-EUR\nEURUSD.X-USD\n", file: "s")
        XCTAssertEqual(list.symbols.map(\.code), ["EUR-USD", "USD-EUR", "EURUSD.X-USD"])
    }

    func testSelectionInAnySpellingYieldsTheListedSymbolAndItsFileName() throws {
        for listed in ["EUR/USD", "EUR-USD", "EURUSD"] {
            let list = try SymbolList(parsing: "BTC-USD\n\(listed)\n", file: "symbols.txt")
            let fileName = try Symbol(parsing: listed).fileName
            for spelling in ["EUR/USD", "EUR-USD", "EURUSD", "eurusd", "eur-usd"] {
                XCTAssertEqual(try list.select([spelling], setting: "SYMBOL").map(\.fileName), [fileName], "\(listed) ← \(spelling)")
            }
        }
    }

    func testSelectionKeepsListOrderAndNamesEachSymbolOnce() throws {
        let list = try SymbolList(parsing: "EUR-USD\nXAU-USD\nBTC-USD\n", file: "s")
        XCTAssertEqual(try list.select(["BTC-USD", "EURUSD", "EUR/USD"], setting: "SYMBOLS").map(\.fileName), ["EUR-USD", "BTC-USD"])
    }

    func testSelectingAnUnlistedSymbolIsAnErrorThatSaysSo() throws {
        let list = try SymbolList(parsing: "EUR-USD\n", file: "symbols.txt")
        for word in ["BTCUSD", "GBP/USD", "EUR_USD"] {
            XCTAssertThrowsError(try list.select([word], setting: "SYMBOL"), word) { error in
                guard case let .badSetting(name, _, problem, _) = (error as! OHLCVError).kind else { return XCTFail("\(error)") }
                XCTAssertEqual(name, "SYMBOL")
                XCTAssertTrue(problem.contains("'\(word)'"), problem)
            }
        }
    }
}
