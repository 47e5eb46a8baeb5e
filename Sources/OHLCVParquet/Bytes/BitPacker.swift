/// Packs unsigned values of a fixed bit width LSB-first into a `ByteBuffer`: value i occupies bits
/// `[i*w, (i+1)*w)` of the little-endian bit stream (Parquet's bit-packing for the RLE hybrid and
/// DELTA_BINARY_PACKED miniblocks). Callers pack whole groups (8 or 32 values), which always end on a
/// byte boundary; `flush` writes any partial byte anyway.
public struct BitPacker {
    @usableFromInline var accumulator: UInt64 = 0
    @usableFromInline var bitCount = 0
    @usableFromInline let width: Int
    @usableFromInline let mask: UInt64

    @inlinable
    public init(width: Int) {
        precondition(width >= 0 && width <= 64, "bit width \(width) out of range")
        self.width = width
        mask = width == 64 ? ~0 : (UInt64(1) << UInt64(width)) &- 1
    }

    @inlinable @inline(__always)
    public mutating func pack(_ value: UInt64, into out: ByteBuffer) {
        if width == 0 { return }
        let v = value & mask
        accumulator |= v << UInt64(bitCount)          // smart shift: bits past 64 are dropped
        let total = bitCount + width
        if total >= 64 {
            out.appendLittleEndian(accumulator)
            // The bits of v that did not fit; `>>` by 64 yields 0.
            accumulator = bitCount == 0 ? 0 : v >> UInt64(64 - bitCount)
            bitCount = total - 64
        } else {
            bitCount = total
        }
    }

    /// Writes the remaining bits, padded with zero bits to a whole byte.
    @inlinable
    public mutating func flush(into out: ByteBuffer) {
        while bitCount > 0 {
            out.append(UInt8(truncatingIfNeeded: accumulator))
            accumulator >>= 8
            bitCount -= 8
        }
        accumulator = 0
        bitCount = 0
    }

    /// Bits needed for `value`: 0 for 0, 64 − leading zeros otherwise.
    @inlinable @inline(__always)
    public static func bitWidth(_ value: UInt64) -> Int { 64 - value.leadingZeroBitCount }
}
