/// Block-buffered output to a file descriptor: rows are appended as bytes and flushed in 64 KiB writes.
/// Tracks how many bytes went out, so stages know their offsets without asking the kernel.
public final class OutputBuffer {
    public let fd: FileDescriptor
    @usableFromInline var storage: UnsafeMutablePointer<UInt8>
    @usableFromInline var count = 0
    @usableFromInline let capacity: Int
    /// Bytes handed to this buffer so far, flushed or not, plus the starting offset.
    public private(set) var position: Int64

    public init(fd: FileDescriptor, startingAt position: Int64 = 0, capacity: Int = 1 << 16) {
        self.fd = fd
        self.capacity = capacity
        self.position = position
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    /// Room for at least `n` more bytes; a caller writes into `tail` and then calls `advance(by:)`.
    @inline(__always)
    public func reserve(_ n: Int) throws -> UnsafeMutablePointer<UInt8> {
        if capacity - count < n { try flush() }
        precondition(n <= capacity, "row longer than the output buffer")
        return storage + count
    }

    @inline(__always)
    public func advance(by n: Int) {
        count += n
        position += Int64(n)
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try write($0) }
    }

    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        if bytes.count > capacity - count { try flush() }
        if bytes.count > capacity {
            try fd.writeAll(bytes.baseAddress!, count: bytes.count)
            position += Int64(bytes.count)
            return
        }
        (storage + count).update(from: bytes.baseAddress!, count: bytes.count)
        advance(by: bytes.count)
    }

    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// `bytes` followed by a newline.
    @inline(__always)
    public func writeLine(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        let n = bytes.count + 1
        if n > capacity { try write(bytes); try write([ASCII.newline]); return }
        let p = try reserve(n)
        if let base = bytes.baseAddress { p.update(from: base, count: bytes.count) }
        p[bytes.count] = ASCII.newline
        advance(by: n)
    }

    public func flush() throws {
        if count == 0 { return }
        let n = count
        count = 0
        try fd.writeAll(storage, count: n)
    }
}
