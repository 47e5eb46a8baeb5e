/// PLAIN encoding of fixed-width values: each value's 8 bytes, little-endian, back to back.
public enum Plain {
    public static func encode(_ values: UnsafeBufferPointer<Int64>, into out: ByteBuffer) {
        #if _endian(little)
        out.append(UnsafeRawBufferPointer(values))
        #else
        for v in values { out.appendLittleEndian(UInt64(bitPattern: v)) }
        #endif
    }

    /// Doubles as their IEEE-754 bit patterns (never through text).
    public static func encode(_ values: UnsafeBufferPointer<Double>, into out: ByteBuffer) {
        #if _endian(little)
        out.append(UnsafeRawBufferPointer(values))
        #else
        for v in values { out.appendLittleEndian(v.bitPattern) }
        #endif
    }

    public static func bytes(_ value: Int64) -> [UInt8] { littleEndianBytes(UInt64(bitPattern: value)) }

    public static func bytes(_ value: Double) -> [UInt8] { littleEndianBytes(value.bitPattern) }

    static func littleEndianBytes(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }
}
