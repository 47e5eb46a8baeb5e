import Foundation
import OHLCVCore
import XCTest

/// KNOWN BUG (core): `JettaDayDecoder` accepts number tokens that are not JSON numbers: a leading or trailing
/// dot (`.14331`, `36.`, `1.E-5`), leading zeros (`097.1`, `07`), a plus sign (`+1783641600000`). A payload
/// damaged by one lost or flipped byte can therefore decode to a different, plausible price or volume:
/// `"open":1.14331` that lost its `1` becomes `.14331` and is read as 0.14331, where a strict JSON reader
/// refuses the payload. (Found by mutating real payloads: JSONSerialization refuses each of these.)
/// Fix: check every number token against the JSON grammar `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
/// in `JSONCursor` (readDecimal, readInteger, skipValue, and the integer fast path's leading zeros) before
/// `DecimalText.parse`, and report `.badNumber(field:text:)`.
final class JettaDayDecoderNumberGrammarTests: XCTestCase {
    func testRefusesNumberTokensThatAreNotJSON() {
        let cases: [(String, String)] = [
            ("open", ".14331"), ("open", "1."), ("close", "-.5"), ("multiplier", "1.E-5"), ("timestamp", "+1783641600000"),
            ("volumes", "[097.1,104.85,0.5]"), ("volumes", "[197.1,104.85,0.]"), ("volumes", "[197.1,.5,0.5]"),
            ("times", "[0,01,3]"), ("highs", "[0,1.,0]"), ("lows", "[00,-4,1]"),
        ]
        for (key, value) in cases {
            let payload = PayloadBuilder().with(key, value)
            XCTAssertThrowsError(try JSONSerialization.jsonObject(with: Data(payload.bytes)), "the oracle refuses \(key): \(value)")
            XCTAssertThrowsError(try JettaDayDecoder.decode(payload.bytes), "\(key): \(value) is not a JSON number")
        }
    }
}
