#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells the other processes on one SQLite file that this one has border writes waiting, so that their bulk
/// writers step aside (issue 15: "an import must never stop the border").
///
/// ``WriteGate`` puts a check's write before an import's next slice, but only within one process. An operator
/// who runs `kordon watchlist import` as a process of its own beside a serving `kordon serve` (the case the
/// issue first measured) had the import's slices and the server's writes meet at SQLite's lock, where the
/// server's writer sleeps in SQLite's busy handler (1, 2, 5, … up to 100 ms between tries) and almost never
/// wakes in the moment between two slices: checks p99 2.2 s while 300,000 alerts were staged, max 5.4 s
/// (`kordon bench checks --import-in separate`, release build).
///
/// The signal is a shared lock on one byte of a file beside the database (`kordon.sqlite-writers`): a process
/// holds it while any of its interactive writers waits or writes (``raise()``, ``lower()``), and a bulk writer
/// asks before each slice whether another holder has it (``othersWaiting``), and steps aside while one does.
/// On Linux these are open file description locks (`F_OFD_SETLK`, fcntl(2)): two databases opened on one file
/// in one process see each other, a database never sees its own, and the kernel drops a lock when its process
/// exits, so a server that crashes never leaves the signal raised. Elsewhere, classic POSIX record locks
/// (per process: a process does not see its own). When the file cannot be opened (a read-only folder) there is
/// no signal, and processes meet at SQLite's busy timeout as before.
final class WriterSignal: Sendable {
    private let descriptor: Int32

    /// Opens (creating it when missing) the signal file beside `databasePath`, or returns nil.
    init?(databasePath: String) {
        let descriptor = open(databasePath + "-writers", O_RDWR | O_CREAT | O_CLOEXEC, 0o660)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Holds the shared lock: this process has interactive writers.
    func raise() { _ = lock(Int16(F_RDLCK), command: Self.setLock) }

    /// Lets the lock go: no interactive writer of this process is left.
    func lower() { _ = lock(Int16(F_UNLCK), command: Self.setLock) }

    /// True while another holder (another process, or on Linux another database on this file) has interactive
    /// writers: asks whether an exclusive lock could be placed, without placing it.
    var othersWaiting: Bool {
        var request = Self.request(Int16(F_WRLCK))
        guard fcntl(descriptor, Self.getLock, &request) == 0 else { return false }
        return request.l_type != Int16(F_UNLCK)
    }

    private func lock(_ type: Int16, command: Int32) -> Bool {
        var request = Self.request(type)
        return fcntl(descriptor, command, &request) == 0
    }

    /// Byte 0 of the file; `l_pid` stays 0, as open file description locks require.
    private static func request(_ type: Int16) -> flock {
        var request = flock()
        request.l_type = type
        request.l_whence = Int16(SEEK_SET)
        request.l_start = 0
        request.l_len = 1
        return request
    }

    #if os(Linux)
    // <fcntl.h> defines these only with _GNU_SOURCE, which Swift's Glibc module does not set.
    private static let getLock: Int32 = 36  // F_OFD_GETLK
    private static let setLock: Int32 = 37  // F_OFD_SETLK
    #else
    private static let getLock: Int32 = F_GETLK
    private static let setLock: Int32 = F_SETLK
    #endif
}
