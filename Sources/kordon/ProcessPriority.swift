import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The CPU priority of a bulk command beside a serving `kordon serve` (issue 15: an import must never stop the
/// border). Run as a process of its own, `kordon watchlist import` parsed, checked and wrote at the same priority
/// as the server's checks, so on two cores the kernel gave it half the machine: with 300,000 alerts imported into
/// PostgreSQL beside 8 clients, the checks' p99 was 87 ms against 51 ms with the same import inside the server.
enum ProcessPriority {
    /// Lowers every thread of this process by `niceness` (`setpriority(2)`, up to 19).
    ///
    /// Linux keeps the nice value per thread (`PRIO_PROCESS` with 0 is the calling thread), and a new thread takes
    /// its creator's. So every thread that exists now is lowered through `/proc/self/task`, and those they start
    /// later inherit it.
    static func lower(by niceness: Int32) {
        guard niceness > 0 else { return }
        #if os(Linux)
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        for thread in threads {
            guard let id = id_t(thread) else { continue }
            errno = 0
            let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), id)
            guard errno == 0 else { continue }
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id, min(19, current + niceness))
        }
        #endif
    }
}
