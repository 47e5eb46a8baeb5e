import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

final class DayFileTests: XCTestCase {
    func testReadsSymbolAndDateFromAPath() {
        XCTAssertEqual(DayFile(path: "cache/2025/11/EUR-USD_20251126.json"),
                       DayFile(symbol: "EUR-USD", date: CivilDate(year: 2025, month: 11, day: 26)))
        XCTAssertEqual(DayFile(path: "DEU.IDX-EUR_20240229.csv"), DayFile(symbol: "DEU.IDX-EUR", date: CivilDate(year: 2024, month: 2, day: 29)))
        XCTAssertEqual(DayFile(path: "/x/EUR_USD_20251126.json")?.symbol, "EUR_USD", "the last underscore separates the date")
    }

    func testRefusesNamesThatAreNotDayFiles() {
        for path in ["EUR-USD_2025112.json", "EUR-USD_2025-11-26.json", "EUR-USD.json", "_20251126.json", "EUR-USD_20251126",
                     "EUR-USD_20250229.json", "EUR-USD_20251326.json", "cache/2025/11/"] {
            XCTAssertNil(DayFile(path: path), path)
        }
    }

    func testNamesItsFileAndDatedPath() {
        let day = DayFile(symbol: "EUR-USD", date: CivilDate(year: 2025, month: 1, day: 5))
        XCTAssertEqual(day.fileName(extension: "json"), "EUR-USD_20250105.json")
        XCTAssertEqual(day.datedPath(root: "cache", extension: "json"), "cache/2025/01/EUR-USD_20250105.json")
        XCTAssertEqual(DayFile(symbol: "S", date: CivilDate(year: 2025, month: 12, day: 31)).datedPath(root: "/t", extension: "csv"),
                       "/t/2025/12/S_20251231.csv")
    }

    func testOrdersByDateThenSymbol() {
        let a = DayFile(symbol: "B", date: CivilDate(year: 2025, month: 1, day: 1))
        let b = DayFile(symbol: "A", date: CivilDate(year: 2025, month: 1, day: 2))
        let c = DayFile(symbol: "B", date: CivilDate(year: 2025, month: 1, day: 2))
        XCTAssertEqual([c, b, a].sorted(), [a, b, c])
    }

    func testListsOneSymbolsDaysInDateOrderFromADate() throws {
        let dir = Workdir(for: self)
        for name in ["2025/11/SYM_20251126.json", "2025/12/SYM_20251201.json", "2024/01/SYM_20240105.json",
                     "2025/11/SYM_20251102.json", "2025/11/OTHER_20251126.json", "2025/11/SYM_20251127.csv",
                     "2025/11/SYM-X_20251126.json", "2025/11/SYM_2025112.json", "2025/11/SYM_X_20251126.json",
                     "2025/1/SYM_20250101.json", "junk/11/SYM_20251126.json", "2025/11/SYM_20251126.json.tmp"] {
            dir.write("cache/" + name, "{}")
        }
        let root = dir.url("cache")
        XCTAssertEqual(DayFile.list(root: root, symbol: "SYM", extension: "json", from: nil),
                       ["2024/01/SYM_20240105.json", "2025/11/SYM_20251102.json", "2025/11/SYM_20251126.json",
                        "2025/12/SYM_20251201.json"].map { "\(root)/\($0)" })
        XCTAssertEqual(DayFile.list(root: root, symbol: "SYM", extension: "json", from: CivilDate(year: 2025, month: 11, day: 26)),
                       ["2025/11/SYM_20251126.json", "2025/12/SYM_20251201.json"].map { "\(root)/\($0)" })
        XCTAssertEqual(DayFile.list(root: root, symbol: "SYM", extension: "csv", from: nil), ["\(root)/2025/11/SYM_20251127.csv"])
        XCTAssertEqual(DayFile.list(root: dir.url("absent"), symbol: "SYM", extension: "json", from: nil), [])
    }
}
