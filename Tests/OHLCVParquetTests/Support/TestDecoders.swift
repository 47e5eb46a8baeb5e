import OHLCVTestSupport
@testable import OHLCVParquet

/// Independent decoders for the encodings, written from the spec for the round-trip tests.
struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8], at position: Int = 0) { self.bytes = bytes; self.position = position }

    mutating func byte() -> UInt8 { defer { position += 1 }; return bytes[position] }

    mutating func varint() -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = byte()
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func zigzag() -> Int64 {
        let n = varint()
        return Int64(bitPattern: (n >> 1) ^ (0 &- (n & 1)))
    }

    /// `count` values of `width` bits, LSB-first.
    mutating func unpack(count: Int, width: Int) -> [UInt64] {
        var out: [UInt64] = []
        var bitPosition = position * 8
        for _ in 0..<count {
            var v: UInt64 = 0
            for b in 0..<width {
                let bit = (bytes[(bitPosition + b) / 8] >> UInt8((bitPosition + b) % 8)) & 1
                v |= UInt64(bit) << UInt64(b)
            }
            out.append(v)
            bitPosition += width
        }
        position = (bitPosition + 7) / 8
        return out
    }
}

enum TestDecoders {
    /// RLE / bit-packed hybrid: `count` values from `bytes` (no length prefix).
    static func rleBitPacked(_ bytes: [UInt8], bitWidth: Int, count: Int) -> [UInt32] {
        var r = ByteReader(bytes)
        var out: [UInt32] = []
        while out.count < count {
            let header = r.varint()
            if header & 1 == 1 {
                let values = r.unpack(count: Int(header >> 1) * 8, width: bitWidth)
                out.append(contentsOf: values.prefix(count - out.count).map { UInt32($0) })
            } else {
                var v: UInt32 = 0
                for k in 0..<((bitWidth + 7) / 8) { v |= UInt32(r.byte()) << UInt32(8 * k) }
                out.append(contentsOf: repeatElement(v, count: min(Int(header >> 1), count - out.count)))
            }
        }
        precondition(r.position == bytes.count, "decoder stopped at \(r.position) of \(bytes.count) bytes")
        return out
    }

    /// DELTA_BINARY_PACKED; also returns where decoding stopped.
    static func deltaBinaryPacked(_ bytes: [UInt8]) -> (values: [Int64], end: Int) {
        var r = ByteReader(bytes)
        let blockSize = Int(r.varint())
        let miniblocks = Int(r.varint())
        let total = Int(r.varint())
        var previous = r.zigzag()
        var out: [Int64] = total > 0 ? [previous] : []
        let perMiniblock = blockSize / miniblocks
        while out.count < total {
            let minDelta = r.zigzag()
            let widths = (0..<miniblocks).map { _ in Int(r.byte()) }
            for w in widths where out.count < total {
                for rel in r.unpack(count: perMiniblock, width: w) where out.count < total {
                    previous = previous &+ minDelta &+ Int64(bitPattern: rel)
                    out.append(previous)
                }
            }
        }
        return (out, r.position)
    }
}

func hex(_ text: String) -> [UInt8] {
    let digits = text.filter { $0.isHexDigit }
    var out: [UInt8] = []
    var i = digits.startIndex
    while i < digits.endIndex {
        let j = digits.index(i, offsetBy: 2)
        out.append(UInt8(digits[i..<j], radix: 16)!)
        i = j
    }
    return out
}

/// A deterministic generator (SplitMix64, from OHLCVTestSupport), so failures reproduce from the printed seed.
typealias SeededGenerator = SeededRandom
