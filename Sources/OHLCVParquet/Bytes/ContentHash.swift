/// A fast 64-bit fingerprint of a byte stream, for noticing that a range of a source file changed
/// (not a cryptographic hash). Four independent multiply-rotate lanes over 32-byte stripes, then the
/// tail and the length folded in; the same bytes always give the same value, fed in any chunking.
public struct ContentHash {
    static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63

    private var lanes: (UInt64, UInt64, UInt64, UInt64)
    private var pending: [UInt8] = []          // < 32 bytes not yet folded into the lanes
    private var length: UInt64 = 0

    public init(seed: UInt64 = 0) {
        lanes = (seed &+ ContentHash.prime1 &+ ContentHash.prime2, seed &+ ContentHash.prime2, seed,
                 seed &- ContentHash.prime1)
    }

    @inline(__always)
    static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        var a = acc &+ input &* prime2
        a = (a << 31) | (a >> 33)
        return a &* prime1
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        length &+= UInt64(bytes.count)
        var p = 0
        if !pending.isEmpty {
            let take = min(32 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            p = take
            if pending.count < 32 { return }
            pending.withUnsafeBytes { stripe($0.baseAddress!) }
            pending.removeAll(keepingCapacity: true)
        }
        let base = bytes.baseAddress!
        while bytes.count - p >= 32 {
            stripe(base + p)
            p += 32
        }
        if p < bytes.count { pending.append(contentsOf: bytes[p...]) }
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    @inline(__always)
    private mutating func stripe(_ p: UnsafeRawPointer) {
        lanes.0 = ContentHash.round(lanes.0, UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
        lanes.1 = ContentHash.round(lanes.1, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        lanes.2 = ContentHash.round(lanes.2, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
        lanes.3 = ContentHash.round(lanes.3, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
    }

    public var value: UInt64 {
        var h = ((lanes.0 << 1) | (lanes.0 >> 63)) &+ ((lanes.1 << 7) | (lanes.1 >> 57))
            &+ ((lanes.2 << 12) | (lanes.2 >> 52)) &+ ((lanes.3 << 18) | (lanes.3 >> 46))
        h = (h ^ ContentHash.round(0, lanes.0)) &* ContentHash.prime1 &+ ContentHash.prime4
        h = (h ^ ContentHash.round(0, lanes.1)) &* ContentHash.prime1 &+ ContentHash.prime4
        h = (h ^ ContentHash.round(0, lanes.2)) &* ContentHash.prime1 &+ ContentHash.prime4
        h = (h ^ ContentHash.round(0, lanes.3)) &* ContentHash.prime1 &+ ContentHash.prime4
        h &+= length
        for b in pending {
            h ^= UInt64(b) &* ContentHash.prime3
            h = ((h << 11) | (h >> 53)) &* ContentHash.prime1
        }
        h ^= h >> 33
        h &*= ContentHash.prime2
        h ^= h >> 29
        h &*= ContentHash.prime3
        h ^= h >> 32
        return h
    }

    public static func of(_ bytes: [UInt8]) -> UInt64 {
        var h = ContentHash()
        h.update(bytes)
        return h.value
    }
}
