/// FNV-1a, 64 bits (Fowler, Noll, Vo; the offset basis and prime of the published parameters): the index
/// files' checksum (`StageIndex.checksum`) and `CachedDays`' lookup of series names. Not a defence against
/// deliberate collisions, which neither needs.
public enum FNV1a {
    @inlinable
    public static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
