/// The RLE / bit-packing hybrid (Parquet `Encodings.md`), used here for dictionary indices.
///
/// ```
/// run            := rle-run | bit-packed-run
/// rle-run        := varint(length << 1)          value in ceil(width/8) bytes, little-endian
/// bit-packed-run := varint(groups << 1 | 1)      groups × 8 values packed LSB-first, width bits each
/// ```
/// Stretches of at least 8 equal values become RLE runs; everything else is bit-packed in groups of 8.
/// Only the final bit-packed run is padded (with zeros) to a whole group; readers stop at the count.
public enum RLEBitPacked {
    /// Longest bit-packed run written, in groups of 8 (parquet-cpp's limit: the header fits one byte).
    public static let maximumGroupsPerRun = 63
    /// Equal values needed before a repeat is written as an RLE run.
    public static let minimumRepeat = 8

    public static func encode(_ values: UnsafeBufferPointer<UInt32>, bitWidth: Int, into out: ByteBuffer) {
        precondition(bitWidth >= 0 && bitWidth <= 32)
        let n = values.count
        var pendingStart = 0          // first value not yet written
        var i = 0
        while i < n {
            let v = values[i]
            var j = i + 1
            while j < n && values[j] == v { j += 1 }
            let runLength = j - i
            if runLength >= minimumRepeat {
                // Pending values must leave in whole groups of 8: borrow the first few of the run.
                let pending = i - pendingStart
                let borrow = (8 - pending % 8) % 8
                if runLength - borrow >= minimumRepeat {
                    writeBitPacked(values, from: pendingStart, to: i + borrow, bitWidth: bitWidth, into: out)
                    writeRepeat(v, count: runLength - borrow, bitWidth: bitWidth, into: out)
                    pendingStart = j
                }
            }
            i = j
        }
        writeBitPacked(values, from: pendingStart, to: n, bitWidth: bitWidth, into: out)
    }

    static func writeRepeat(_ value: UInt32, count: Int, bitWidth: Int, into out: ByteBuffer) {
        out.appendVarint(UInt64(count) << 1)
        var v = value
        for _ in 0..<((bitWidth + 7) / 8) {
            out.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    /// Values `[from, to)` as bit-packed runs; a count that is not a multiple of 8 is zero-padded,
    /// which is only legal at the end of the data.
    static func writeBitPacked(_ values: UnsafeBufferPointer<UInt32>, from: Int, to: Int, bitWidth: Int,
                               into out: ByteBuffer) {
        var start = from
        while start < to {
            let groups = min((to - start + 7) / 8, maximumGroupsPerRun)
            out.appendVarint(UInt64(groups) << 1 | 1)
            var packer = BitPacker(width: bitWidth)
            let end = start + groups * 8
            var k = start
            while k < end {
                packer.pack(k < to ? UInt64(values[k]) : 0, into: out)
                k += 1
            }
            packer.flush(into: out)
            start = end
        }
    }
}
