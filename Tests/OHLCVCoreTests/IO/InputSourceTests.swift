import OHLCVCore
import OHLCVTestSupport
import XCTest

final class InputSourceTests: XCTestCase {
    func testADashIsStandardInput() throws {
        XCTAssertEqual(try InputSource.open("-").rawValue, 0)
        XCTAssertEqual(InputSource.displayName("-"), "<stdin>")
        XCTAssertEqual(InputSource.displayName("a.json"), "a.json")
    }

    func testAnyOtherWordIsAPathToOpen() throws {
        let dir = Workdir(for: self)
        let fd = try InputSource.open(dir.write("a.json", "{}"))
        defer { fd.close() }
        XCTAssertEqual(try fd.readToEnd(), Array("{}".utf8))
        assertThrows(.noInput(path: dir.url("b.json")), try InputSource.open(dir.url("b.json")))
    }
}
