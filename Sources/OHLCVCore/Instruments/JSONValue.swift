/// A parsed JSON document whose numbers keep their text, for the instrument answers (metadata, not candles:
/// candles have their own streaming decoder). Numbers are never turned into floating point: `pipValue` stays
/// `"1.0E-4"` or `"0.0001"` as the server wrote it, and epoch milliseconds are read as exact integers.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's text exactly as written.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses a whole document. Throws `.malformedJSON` naming the byte offset of the first problem.
    public init(parsing bytes: [UInt8]) throws {
        var parser = Parser(bytes: bytes)
        parser.skipBlanks()
        self = try parser.value(depth: 0)
        parser.skipBlanks()
        guard parser.at == bytes.count else { throw parser.fail(.textAfterDocument) }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var isNull: Bool { self == .null }

    /// A whole number within Int64 (`1494201599058`), else nil (`1.5`, `1E3`, text, null).
    public var int64Value: Int64? {
        guard case .number(let text) = self, !text.contains("."), !text.contains("e"), !text.contains("E") else { return nil }
        return Int64(text)
    }

    /// The JSON type's name, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    struct Parser {
        let bytes: [UInt8]
        var at = 0

        func fail(_ syntax: JSONSyntax) -> OHLCVError { OHLCVError(.malformedJSON(.syntax(syntax, byte: at, cutShort: false))) }

        mutating func skipBlanks() {
            while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
        }

        mutating func literal(_ word: String, _ value: JSONValue) throws -> JSONValue {
            let w = Array(word.utf8)
            guard at + w.count <= bytes.count, Array(bytes[at..<at + w.count]) == w else { throw fail(.unexpected("text")) }
            at += w.count
            return value
        }

        // Deep nesting is refused rather than recursed into: a hostile answer must not overflow the stack.
        mutating func value(depth: Int) throws -> JSONValue {
            guard depth < 64 else { throw fail(.nestingTooDeep(limit: 64)) }
            guard at < bytes.count else { throw fail(.unexpected("end")) }
            switch bytes[at] {
            case UInt8(ascii: "{"):
                at += 1
                var members: [String: JSONValue] = [:]
                skipBlanks()
                if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
                while true {
                    skipBlanks()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw fail(.expected("a member name")) }
                    let key = try string()
                    skipBlanks()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw fail(.expected("':'")) }
                    at += 1
                    skipBlanks()
                    members[key] = try value(depth: depth + 1)
                    skipBlanks()
                    guard at < bytes.count else { throw fail(.unexpected("end")) }
                    if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                    if bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
                    throw fail(.expected("',' or '}'"))
                }
            case UInt8(ascii: "["):
                at += 1
                var items: [JSONValue] = []
                skipBlanks()
                if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
                while true {
                    skipBlanks()
                    items.append(try value(depth: depth + 1))
                    skipBlanks()
                    guard at < bytes.count else { throw fail(.unexpected("end")) }
                    if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                    if bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
                    throw fail(.expected("',' or ']'"))
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default: return try number()
            }
        }

        mutating func number() throws -> JSONValue {
            let start = at
            if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
            var digits = 0
            while at < bytes.count, let c = Optional(bytes[at]),
                  (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
                    || ((c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && (bytes[at - 1] | 0x20) == UInt8(ascii: "e")) {
                if c >= 0x30 && c <= 0x39 { digits += 1 }
                at += 1
            }
            guard digits > 0 else { at = start; throw fail(.unexpected("character")) }
            return .number(String(decoding: bytes[start..<at], as: UTF8.self))
        }

        mutating func string() throws -> String {
            at += 1
            var out: [UInt8] = []
            while at < bytes.count {
                let c = bytes[at]
                at += 1
                if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                if c < 0x20 { throw fail(.controlCharacterInString) }
                guard c == UInt8(ascii: "\\") else { out.append(c); continue }
                guard at < bytes.count else { break }
                let e = bytes[at]
                at += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard at + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16) else {
                        throw fail(.badUnicodeEscape)
                    }
                    at += 4
                    // Descriptions are plain text: a lone surrogate becomes U+FFFD rather than an error.
                    out += Array(String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8)
                default: out.append(e)
                }
            }
            throw fail(.unterminated("string"))
        }
    }
}
