import OHLCVCore
import XCTest

final class ExitStatusTests: XCTestCase {
    /// Every kind, with the sysexits.h status the help table documents for it.
    static let table: [(OHLCVError.Kind, Int32)] = [
        (.usage("x"), 64),
        (.malformedJSON(.syntax(.unexpected("end"), byte: 1, cutShort: true)), 65),
        (.malformedJSON(.missingKey("times")), 65),
        (.malformedJSON(.instrumentAnswer(place: "", code: "EUR-USD", problem: .inMember("code", .missingOrNotAString))), 65),
        (.arrayLengthMismatch(field: "volumes", count: 1, expected: 2), 65),
        (.badNumber(field: "open", text: "x"), 65),
        (.highBelowLow(time: "t"), 65),
        (.candleNotWhole(time: "t", open: "1", high: "2", low: "1", close: "3"), 65),
        (.outOfOrder(previous: "a", current: "b"), 65),
        (.wrongDay(row: 1, time: 0, day: CivilDate(year: 1970, month: 1, day: 2)), 65),
        (.badCSV(.wrongFieldCount(row: "x", expected: 6)), 65),
        (.badCSV(.lastLineUnterminated), 65),
        (.badCSV(.catalogueFieldCount), 65),
        (.badCSV(.nothingToVerify), 65),
        (.overflow(.priceDecimals(limit: 18)), 65),
        (.overflow(.price(row: 2)), 65),
        (.exceedsDecimalsLimit(quantity: .price, what: "open", value: "1", decimals: 12, fitsAt: nil), 65),
        (.exceedsDecimalsLimit(quantity: .price, what: "open", value: "1", decimals: 12, fitsAt: 8), 78),
        (.corruptIndex(.truncated), 65),
        (.corruptIndex(.partitionState(.noFinalNewline)), 65),
        (.verifyDiffers(hours: 1, days: 0, cachedDays: 1), 65),
        (.settingsMismatch(setting: "align", configured: "align=ny-close", onDisk: "align=utc"), 78),
        (.settingsMismatch(setting: "decimals", configured: "decimals=6", onDisk: "decimals=8"), 78),
        (.configuration(.notASetting(line: "x")), 78),
        (.configuration(.symbol(.empty)), 78),
        (.badSymbol(.empty), 64),
        (.badSetting(name: "DECIMALS", value: "x", problem: "p"), 78),
        (.duplicateInstrument(code: "EUR-USD", first: "EURUSD", firstLine: 1, second: "EUR-USD", secondLine: 2), 78),
        (.alignmentRepeatsHour(day: "d", alignment: "ny-close", setting: "ALIGNMENT", repeated: "01:00"), 78),
        (.noInput(path: "p"), 66),
        (.nothingCached(directory: "cache"), 66),
        (.http(.status(404, url: "u", bodyExcerpt: "")), 69),
        (.io(operation: "write", errno: 5), 74),
        (.retriesExhausted(RetriesExhausted(url: "u", attempts: 1, server: "503", askedToWaitSeconds: nil, maxWaitSeconds: 60)), 75),
        (.notPublishedYet(series: "EUR-USD", day: CivilDate(year: 2026, month: 7, day: 10)), 75),
    ]

    func testMapsEveryKindToItsDocumentedStatus() {
        for (kind, status) in Self.table {
            XCTAssertEqual(ExitStatus.code(for: kind), status, "\(kind)")
        }
    }

    func testNamesTheSysexitsValues() {
        XCTAssertEqual([ExitStatus.success, ExitStatus.usage, ExitStatus.dataError, ExitStatus.noInput, ExitStatus.unavailable,
                        ExitStatus.software, ExitStatus.ioError, ExitStatus.tempFail, ExitStatus.config],
                       [0, 64, 65, 66, 69, 70, 74, 75, 78])
    }

    /// fetch can return every status (it also meets bad data, settings and files), so its table has them all.
    func testTheHelpTableDocumentsEveryStatusThatCanBeReturned() {
        var statuses = Set(Self.table.map(\.1))
        statuses.formUnion([0, 70])
        let table = ExitStatus.helpTable(forTool: "fetch")
        for status in statuses {
            XCTAssertTrue(table.contains("\n  \(status)  "), "status \(status) is not in the help table")
        }
        XCTAssertTrue(table.hasPrefix("Exit status:\n"))
    }
}
