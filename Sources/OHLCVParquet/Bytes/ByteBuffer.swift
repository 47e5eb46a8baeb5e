/// A growable byte buffer that the encoders append to: little-endian integers, ULEB128 varints,
/// zigzag varints and raw bytes. A class over one manually managed allocation, so hot loops can
/// reserve room once and then write without per-byte capacity checks.
public final class ByteBuffer {
    @usableFromInline var storage: UnsafeMutableRawPointer
    @usableFromInline var capacity: Int
    @usableFromInline var written: Int = 0
    /// Bytes written so far.
    public var count: Int { written }

    public init(capacity: Int = 4096) {
        self.capacity = Swift.max(capacity, 64)
        storage = UnsafeMutableRawPointer(LargeAllocation.allocate(UInt8.self, capacity: self.capacity))
    }

    deinit { LargeAllocation.deallocate(storage.assumingMemoryBound(to: UInt8.self), capacity: capacity) }

    /// Forgets the bytes and gives back the storage past `keep` bytes (a buffer that held one big chunk
    /// need not hold its memory until the next).
    public func release(keeping keep: Int = 4096) {
        written = 0
        guard capacity > keep else { return }
        LargeAllocation.deallocate(storage.assumingMemoryBound(to: UInt8.self), capacity: capacity)
        capacity = Swift.max(keep, 64)
        storage = UnsafeMutableRawPointer(LargeAllocation.allocate(UInt8.self, capacity: capacity))
    }

    /// The bytes written so far; valid until the next append or `removeAll`.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: written) }

    /// A copy of the bytes, for tests and small metadata.
    public var array: [UInt8] { Array(bytes) }

    public func removeAll() { written = 0 }

    /// Makes room for `n` more bytes and returns where they go; follow with `advance(by:)`.
    @inlinable @inline(__always)
    public func reserve(_ n: Int) -> UnsafeMutableRawPointer {
        if capacity - written < n { grow(to: written + n) }
        return storage + written
    }

    @inlinable @inline(__always)
    public func advance(by n: Int) { written += n }

    @usableFromInline
    func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutableRawPointer(LargeAllocation.allocate(UInt8.self, capacity: newCapacity))
        bigger.copyMemory(from: storage, byteCount: written)
        LargeAllocation.deallocate(storage.assumingMemoryBound(to: UInt8.self), capacity: capacity)
        storage = bigger
        capacity = newCapacity
    }

    @inlinable @inline(__always)
    public func append(_ byte: UInt8) {
        reserve(1).storeBytes(of: byte, as: UInt8.self)
        written += 1
    }

    public func append(_ raw: UnsafeRawBufferPointer) {
        guard raw.count > 0 else { return }
        reserve(raw.count).copyMemory(from: raw.baseAddress!, byteCount: raw.count)
        written += raw.count
    }

    public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    public func append(_ other: ByteBuffer) { append(other.bytes) }

    @inlinable @inline(__always)
    public func appendLittleEndian(_ value: UInt64) {
        reserve(8).storeBytes(of: value.littleEndian, toByteOffset: 0, as: UInt64.self)
        written += 8
    }

    @inlinable @inline(__always)
    public func appendLittleEndian(_ value: UInt32) {
        reserve(4).storeBytes(of: value.littleEndian, toByteOffset: 0, as: UInt32.self)
        written += 4
    }

    /// ULEB128: 7 bits at a time, least significant group first, high bit set on all but the last byte.
    @inlinable @inline(__always)
    public func appendVarint(_ value: UInt64) {
        let p = reserve(10).assumingMemoryBound(to: UInt8.self)
        var v = value
        var n = 0
        while v >= 0x80 {
            p[n] = UInt8(truncatingIfNeeded: v) | 0x80
            v >>= 7
            n += 1
        }
        p[n] = UInt8(truncatingIfNeeded: v)
        written += n + 1
    }

    /// Zigzag (0→0, −1→1, 1→2, −2→3 …) then ULEB128, as Thrift compact and DELTA_BINARY_PACKED use.
    @inlinable @inline(__always)
    public func appendZigzagVarint(_ value: Int64) {
        appendVarint(Zigzag.encode(value))
    }
}

public enum Zigzag {
    @inlinable @inline(__always)
    public static func encode(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value &<< 1) ^ (value >> 63))
    }

    @inlinable @inline(__always)
    public static func decode(_ value: UInt64) -> Int64 {
        Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }
}
