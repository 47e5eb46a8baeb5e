import XCTest
@testable import OHLCVParquet

final class CompactWriterTests: XCTestCase {
    /// GUIDE §2's worked example, encoded by hand from the compact protocol spec.
    func testWorkedExampleStruct() {
        var w = CompactWriter()
        w.beginStruct()
        w.writeI32(1, 0)
        w.writeI64(2, 1_000_000)
        w.writeBool(3, true)
        w.writeBool(4, false)
        w.writeString(5, "time")
        w.writeI32List(6, [0, 3])
        w.writeEmptyStructField(10)
        w.endStruct()
        XCTAssertEqual(w.buffer.array, hex("15 00 16 80 89 7a 11 12 18 04 74 69 6d 65 19 25 00 06 4c 00 00"))
    }

    func testLongFormFieldHeaderForDeltaAbove15() {
        var w = CompactWriter()
        w.beginStruct()
        w.writeEmptyStructField(20)
        w.endStruct()
        XCTAssertEqual(w.buffer.array, hex("0c 28 00 00"))
    }

    func testListHeaderShortAndLongForms() {
        var w = CompactWriter()
        w.beginStruct()
        w.writeI32List(1, Array(repeating: 0, count: 14))
        w.writeI32List(2, Array(repeating: 0, count: 15))
        w.endStruct()
        XCTAssertEqual(w.buffer.array, hex("19 e5") + Array(repeating: 0, count: 14) + hex("19 f5 0f")
                       + Array(repeating: 0, count: 15) + [0])
    }

    func testNestedStructsRestartFieldNumbering() {
        var w = CompactWriter()
        w.beginStruct()
        w.writeI32(5, 1)
        w.writeStructField(6) { w in w.writeI32(1, 2) }
        w.writeI32(7, 3)
        w.endStruct()
        // field 5 (delta 5), struct field 6 (delta 1) {field 1}, STOP, field 7 (delta 1 from 6), STOP
        XCTAssertEqual(w.buffer.array, hex("55 02 1c 15 04 00 15 06 00"))
    }
}
