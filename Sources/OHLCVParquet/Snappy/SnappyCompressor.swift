/// Snappy raw block format (google/snappy `format_description.txt`), written from the format
/// description: `varint(uncompressedLength)` then literals and copies. Input is cut into independent
/// 64 KiB blocks so every offset fits a 2-byte copy; matches are found with a 4-byte hash table and
/// verified byte for byte, and snappy's skip heuristic speeds through incompressible stretches.
public enum SnappyCompressor {
    static let blockSize = 1 << 16
    static let hashBits = 14

    /// The largest output for `n` input bytes (snappy's own bound).
    public static func maximumCompressedLength(_ n: Int) -> Int { 32 + n + n / 6 }

    public static func compress(_ input: UnsafeRawBufferPointer, into out: ByteBuffer) {
        let n = input.count
        out.appendVarint(UInt64(n))
        guard n > 0 else { return }
        let room = maximumCompressedLength(n)
        let dst = out.reserve(room).assumingMemoryBound(to: UInt8.self)
        let table = UnsafeMutablePointer<UInt16>.allocate(capacity: 1 << hashBits)
        defer { table.deallocate() }
        let src = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var written = 0
        var blockStart = 0
        while blockStart < n {
            let blockLength = min(blockSize, n - blockStart)
            written += compressBlock(src + blockStart, blockLength, dst + written, table)
            blockStart += blockLength
        }
        precondition(written <= room, "snappy output overran its bound")
        out.advance(by: written)
    }

    /// A valid Snappy stream holding `input` as literals only (64 KiB each): costs a copy, saves nothing.
    /// Used for data that does not compress, as libsnappy's skipping effectively does.
    public static func storeLiterals(_ input: UnsafeRawBufferPointer, into out: ByteBuffer) {
        let n = input.count
        out.appendVarint(UInt64(n))
        guard n > 0 else { return }
        let dst = out.reserve(maximumCompressedLength(n)).assumingMemoryBound(to: UInt8.self)
        let src = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var written = 0
        var start = 0
        while start < n {
            let length = min(blockSize, n - start)
            written += emitLiteral(src + start, length, dst + written)
            start += length
        }
        out.advance(by: written)
    }

    /// Compresses `input`, unless a sample from its start shows it saves less than `minimumSaving`
    /// (a fraction); then stores it as literals. Either way the output is valid Snappy.
    public static func compressIfWorthwhile(_ input: UnsafeRawBufferPointer, into out: ByteBuffer,
                                            sampleBytes: Int = 8192, minimumSaving: Double = 0.05) {
        if input.count >= 4 * sampleBytes {
            let probe = ByteBuffer(capacity: maximumCompressedLength(sampleBytes) + 16)
            compress(UnsafeRawBufferPointer(rebasing: input[0..<sampleBytes]), into: probe)
            if Double(probe.count) > Double(sampleBytes) * (1 - minimumSaving) {
                return storeLiterals(input, into: out)
            }
        }
        compress(input, into: out)
    }

    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        let out = ByteBuffer(capacity: maximumCompressedLength(bytes.count) + 10)
        bytes.withUnsafeBytes { compress($0, into: out) }
        return out.array
    }

    @inline(__always)
    static func load32(_ p: UnsafePointer<UInt8>) -> UInt32 {
        UInt32(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt32.self))
    }

    @inline(__always)
    static func hash(_ word: UInt32) -> Int {
        Int((word &* 0x1E35_A7BD) >> UInt32(32 - hashBits))
    }

    /// Compresses one block; table entries are block-relative positions + 1 (0 = empty).
    static func compressBlock(_ src: UnsafePointer<UInt8>, _ length: Int, _ dst: UnsafeMutablePointer<UInt8>,
                              _ table: UnsafeMutablePointer<UInt16>) -> Int {
        table.initialize(repeating: 0, count: 1 << hashBits)
        var o = 0
        var literalStart = 0
        var i = 0
        var skip = 32
        // Positions are stored + 1 in a UInt16, so a block of exactly 65536 bytes cannot store its
        // last position; matching stops 4 bytes before the end anyway (needs i + 4 <= length).
        while i + 4 <= length {
            let word = load32(src + i)
            let h = hash(word)
            let candidate = Int(table[h]) - 1
            if i < 0xFFFF { table[h] = UInt16(i + 1) }
            if candidate >= 0 && load32(src + candidate) == word {
                var m = 4
                while i + m < length && src[candidate + m] == src[i + m] { m += 1 }
                o += emitLiteral(src + literalStart, i - literalStart, dst + o)
                o += emitCopy(offset: i - candidate, length: m, dst + o)
                i += m
                literalStart = i
                skip = 32
            } else {
                i += skip >> 5
                skip += 1
            }
        }
        o += emitLiteral(src + literalStart, length - literalStart, dst + o)
        return o
    }

    @inline(__always)
    static func emitLiteral(_ p: UnsafePointer<UInt8>, _ length: Int, _ dst: UnsafeMutablePointer<UInt8>) -> Int {
        if length == 0 { return 0 }
        let n = length - 1
        var o: Int
        if n < 60 {
            dst[0] = UInt8(n << 2)
            o = 1
        } else {
            var extra = 1
            while extra < 4 && (n >> (8 * extra)) != 0 { extra += 1 }
            dst[0] = UInt8((59 + extra) << 2)
            for k in 0..<extra { dst[1 + k] = UInt8(truncatingIfNeeded: n >> (8 * k)) }
            o = 1 + extra
        }
        (dst + o).update(from: p, count: length)
        return o + length
    }

    @inline(__always)
    static func emitCopy(offset: Int, length: Int, _ dst: UnsafeMutablePointer<UInt8>) -> Int {
        var remaining = length
        var o = 0
        while remaining >= 68 { o += emitCopy2(offset, 64, dst + o); remaining -= 64 }
        if remaining > 64 { o += emitCopy2(offset, 60, dst + o); remaining -= 60 }
        if remaining <= 11 && offset < 2048 {
            // copy with 1-byte offset: length 4...11, offset < 2048
            dst[o] = UInt8(1 | (remaining - 4) << 2 | (offset >> 8) << 5)
            dst[o + 1] = UInt8(truncatingIfNeeded: offset)
            return o + 2
        }
        return o + emitCopy2(offset, remaining, dst + o)
    }

    @inline(__always)
    static func emitCopy2(_ offset: Int, _ length: Int, _ dst: UnsafeMutablePointer<UInt8>) -> Int {
        dst[0] = UInt8(2 | (length - 1) << 2)
        dst[1] = UInt8(truncatingIfNeeded: offset)
        dst[2] = UInt8(truncatingIfNeeded: offset >> 8)
        return 3
    }
}
