import OHLCVTestSupport
import XCTest
@testable import OHLCVCore

/// The naming rule of issue #12: BID keeps the symbol's name, ASK is SYM@ASK, and no name of one series can
/// be another's, nor be cut at the wrong place by the SYM_YYYYMMDD split.
final class SeriesTests: XCTestCase {
    func testBidIsNamedAsItsSymbolAndAskGetsTheMark() throws {
        let eurusd = try Symbol(parsing: "EUR/USD")
        XCTAssertEqual(Series(eurusd, .bid).fileName, "EUR-USD")
        XCTAssertEqual(Series(eurusd, .ask).fileName, "EUR-USD@ASK")
        XCTAssertEqual(Series(try Symbol(parsing: "EURUSD"), .ask).fileName, "EURUSD@ASK")
        XCTAssertEqual(Series(try Symbol(parsing: "DEU.IDX-EUR"), .ask).fileName, "DEU.IDX-EUR@ASK")
    }

    func testEverySpellingParses() throws {
        XCTAssertEqual(try Series(parsing: "EUR-USD"), Series(try Symbol(parsing: "EUR-USD"), .bid))
        XCTAssertEqual(try Series(parsing: "EUR-USD@ask").side, .ask)
        XCTAssertEqual(try Series(parsing: "EUR-USD@BID"), Series(try Symbol(parsing: "EUR-USD"), .bid))
        XCTAssertEqual(try Series(parsing: "EURUSD@ASK").symbol.code, "EUR-USD")
        for bad in ["EUR-USD@", "EUR-USD@MID", "@ASK", "EUR-USD@ASK@ASK", "eur-usd@ASK"] {
            XCTAssertThrowsError(try Series(parsing: bad), bad)
        }
    }

    func testAFileStemNamesASeriesOnlyAsFileNameWritesIt() {
        XCTAssertEqual(Series(fileName: "EUR-USD@ASK")?.side, .ask)
        XCTAssertEqual(Series(fileName: "EUR-USD")?.side, .bid)
        // Other spellings are not file names: a stray file with one is not taken for a series.
        XCTAssertNil(Series(fileName: "EUR-USD@ask"))
        XCTAssertNil(Series(fileName: "EUR-USD@BID"))
        XCTAssertNil(Series(fileName: "notes"))
        XCTAssertEqual(Series.symbolName("EUR-USD@ASK"), "EUR-USD")
        XCTAssertEqual(Series.symbolName("BTC-USD"), "BTC-USD")
    }

    /// For many symbols, in both sides: an ASK name is never a symbol (in any letter case, for disks that
    /// ignore it), a day file of one series never carries another's prefix, and DayFile reads the series back.
    func testNoNameOfOneSeriesIsAnothersOrSplitsWrongly() throws {
        var rng = SeededRandom(seed: SeededRandom.seedFromEnvironment(default: 12))
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.")
        func word(_ n: Int) -> String { String((0..<n).map { _ in letters[Int(rng.next() % UInt64(letters.count - 1))] }) }
        var symbols = [try Symbol(parsing: "EUR-USD"), try Symbol(parsing: "EURUSD"), try Symbol(parsing: "DEU.IDX-EUR")]
        for _ in 0..<300 { if let s = try? Symbol(parsing: word(1 + Int(rng.next() % 6)) + "-" + word(1 + Int(rng.next() % 4))) { symbols.append(s) } }
        let day = CivilDate(year: 2025, month: 11, day: 26)
        var names = Set<String>()
        for symbol in Set(symbols) {
            for side in Side.allCases {
                let series = Series(symbol, side)
                XCTAssertTrue(names.insert(series.fileName.uppercased()).inserted, "\(series) is named as another series")
                if side == .ask {
                    XCTAssertNil(try? Symbol(parsing: series.fileName), "\(series) would be a symbol")
                    XCTAssertNil(try? Symbol(parsing: series.fileName.uppercased()), "\(series) would be a symbol")
                }
                let file = DayFile(symbol: series.fileName, date: day).fileName(extension: "json")
                XCTAssertEqual(DayFile(path: file)?.symbol, series.fileName)
                XCTAssertEqual(DayFile(path: file)?.date, day)
                // The glob of the other side (`SYM_*`, `SYM@ASK_*`) never matches this file.
                let other = Series(symbol, side == .bid ? .ask : .bid).fileName + "_"
                XCTAssertFalse(file.hasPrefix(other), "\(file) matches \(other)*")
            }
        }
    }
}
