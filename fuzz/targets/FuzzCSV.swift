#if canImport(Glibc)
import Glibc
#endif
// libFuzzer target: the candle CSV reader over a real file (memfd), read whole and from offsets, as the
// stages do. Any input must end in rows or a thrown OHLCVError, never a trap.
nonisolated(unsafe) var memfd: Int32 = -1

@_silgen_name("memfd_create")
func fuzzMemfdCreate(_ name: UnsafePointer<CChar>, _ flags: UInt32) -> Int32

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    if memfd < 0 { memfd = fuzzMemfdCreate("fuzz-csv", 0) }
    _ = ftruncate(memfd, 0)
    var done = 0
    while done < size { let n = pwrite(memfd, data + done, size - done, off_t(done)); if n <= 0 { break }; done += n }
    let fd = FileDescriptor(rawValue: memfd)
    // A mid-file start must be a row start (the reader's contract): the byte after a newline.
    var mid = size / 2
    while mid < size && data[mid] != 10 { mid += 1 }
    var passes: [(Int, Int64, Int64?)] = [(8, 0, nil), (2, 0, nil)]
    if mid + 1 < size { passes.append((8, Int64(mid + 1), Int64(size))) }
    for (scale, start, limit) in passes {
        guard let reader = try? CandleCSVReader(fd: fd, scale: scale, startOffset: start, limit: limit) else { continue }
        var rows = 0
        while rows < 100_000, let c = try? reader.next() { _ = c; rows += 1 }
    }
    return 0
}
