#if canImport(Glibc)
import Glibc
#endif

func strerrorText(_ code: Int32) -> UnsafeMutablePointer<CChar> { strerror(code) }
