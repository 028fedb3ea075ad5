/// Lets one SQLite write transaction through at a time within this process.
///
/// SQLite allows one writer. sqlite-nio runs each blocking call on a small thread pool (one thread
/// per core); if several connections sat in SQLite's busy handler waiting for the write lock, they
/// would hold every pool thread while the lock holder waited for a thread to run its COMMIT — a
/// deadlock until `busy_timeout`. Queuing writers here, before they touch a connection, avoids it.
/// (Other processes still meet the busy timeout, which is what it is for.)
actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
