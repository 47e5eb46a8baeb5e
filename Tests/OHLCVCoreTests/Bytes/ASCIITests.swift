import OHLCVCore
import XCTest

final class ASCIITests: XCTestCase {
    func testClassifiesEveryByteAsFoundationsCharacterPropertiesDo() {
        for b in 0...255 {
            let byte = UInt8(b)
            let scalar = Unicode.Scalar(byte)
            XCTAssertEqual(ASCII.isDigit(byte), ("0"..."9").contains(scalar), "byte \(b)")
            XCTAssertEqual(ASCII.isWhitespace(byte), [" ", "\n", "\r", "\t"].contains(scalar), "byte \(b)")
        }
    }

    func testNamesTheCharactersItsNamesSay() {
        let expected: [(UInt8, Character)] = [(ASCII.newline, "\n"), (ASCII.carriageReturn, "\r"), (ASCII.space, " "),
                                              (ASCII.tab, "\t"), (ASCII.quote, "\""), (ASCII.plus, "+"), (ASCII.comma, ","),
                                              (ASCII.minus, "-"), (ASCII.dot, "."), (ASCII.colon, ":"), (ASCII.zero, "0"),
                                              (ASCII.nine, "9"), (ASCII.upperE, "E"), (ASCII.lowerE, "e"),
                                              (ASCII.leftBracket, "["), (ASCII.rightBracket, "]"),
                                              (ASCII.leftBrace, "{"), (ASCII.rightBrace, "}")]
        for (byte, character) in expected { XCTAssertEqual(byte, character.asciiValue, "\(character)") }
    }
}
