import OHLCVCore
import XCTest

final class ExitStatusTests: XCTestCase {
    /// Every kind, with the sysexits.h status the help table documents for it.
    static let table: [(OHLCVError.Kind, Int32)] = [
        (.usage("x"), 64),
        (.malformedJSON("x"), 65),
        (.arrayLengthMismatch(field: "volumes", count: 1, expected: 2), 65),
        (.badNumber(field: "open", text: "x"), 65),
        (.highBelowLow(time: "t"), 65),
        (.outOfOrder(previous: "a", current: "b"), 65),
        (.badCSV("x"), 65),
        (.overflow("x"), 65),
        (.corruptIndex("x"), 65),
        (.alignmentMismatch(configured: "a", onDisk: "b"), 78),
        (.configuration("x"), 78),
        (.noInput(path: "p"), 66),
        (.http("x"), 69),
        (.io(operation: "write", errno: 5), 74),
        (.retriesExhausted("x"), 75),
        (.notPublishedYet("x"), 75),
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
