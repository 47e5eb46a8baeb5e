/// Decodes the Snappy raw block format, checking every length and offset. Used by the tests to
/// round-trip the compressor; the writer itself never decompresses.
public enum SnappyDecompressor {
    public struct Malformed: Error, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { "malformed snappy data: \(reason)" }
    }

    public static func decompress(_ input: [UInt8]) throws -> [UInt8] {
        var p = 0
        var length: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard p < input.count else { throw Malformed(reason: "truncated length preamble") }
            let b = input[p]; p += 1
            guard shift < 35 else { throw Malformed(reason: "length preamble too long") }
            length |= UInt64(b & 0x7F) << shift
            shift += 7
            if b & 0x80 == 0 { break }
        }
        guard length <= UInt64(UInt32.max) else { throw Malformed(reason: "length \(length) too large") }
        var out: [UInt8] = []
        out.reserveCapacity(Int(length))
        while p < input.count {
            let tag = input[p]; p += 1
            switch tag & 3 {
            case 0:
                var n = Int(tag >> 2)
                if n >= 60 {
                    let extra = n - 59
                    guard p + extra <= input.count else { throw Malformed(reason: "truncated literal length") }
                    n = 0
                    for k in 0..<extra { n |= Int(input[p + k]) << (8 * k) }
                    p += extra
                }
                n += 1
                guard p + n <= input.count else { throw Malformed(reason: "literal runs past the input") }
                out.append(contentsOf: input[p..<(p + n)])
                p += n
            default:
                let n: Int
                let offset: Int
                switch tag & 3 {
                case 1:
                    guard p + 1 <= input.count else { throw Malformed(reason: "truncated copy") }
                    n = Int((tag >> 2) & 7) + 4
                    offset = Int(tag >> 5) << 8 | Int(input[p]); p += 1
                case 2:
                    guard p + 2 <= input.count else { throw Malformed(reason: "truncated copy") }
                    n = Int(tag >> 2) + 1
                    offset = Int(input[p]) | Int(input[p + 1]) << 8; p += 2
                default:
                    guard p + 4 <= input.count else { throw Malformed(reason: "truncated copy") }
                    n = Int(tag >> 2) + 1
                    offset = Int(input[p]) | Int(input[p + 1]) << 8 | Int(input[p + 2]) << 16 | Int(input[p + 3]) << 24
                    p += 4
                }
                guard offset > 0, offset <= out.count else {
                    throw Malformed(reason: "copy offset \(offset) with \(out.count) bytes written")
                }
                let from = out.count - offset
                for k in 0..<n { out.append(out[from + k]) }
            }
            guard out.count <= Int(length) else { throw Malformed(reason: "output exceeds the stated \(length) bytes") }
        }
        guard out.count == Int(length) else {
            throw Malformed(reason: "output is \(out.count) bytes, preamble says \(length)")
        }
        return out
    }
}
