/// Who is waiting to write, for ``WriteGate``: the border before a bulk load.
public enum WritePriority: Sendable {
    /// A request someone waits for: a border check, a decision, an officer's form.
    case interactive
    /// A slice of a long job (an import's staging, its publishing): it yields to every interactive writer
    /// waiting, and takes its turn when none is.
    case bulk
}

/// Lets one SQLite write transaction through at a time within this process, interactive writers first.
///
/// SQLite allows one writer. sqlite-nio runs each blocking call on a small thread pool (one thread
/// per core); if several connections sat in SQLite's busy handler waiting for the write lock, they
/// would hold every pool thread while the lock holder waited for a thread to run its COMMIT — a
/// deadlock until `busy_timeout`. Queuing writers here, before they touch a connection, avoids it.
/// (Other processes still meet the busy timeout, which is what it is for.)
///
/// Interactive writers go before bulk ones (issue 15: "an import must never stop the border"). In order
/// of arrival, a border check's write and an import's next slice took turns: each check waited for a whole
/// slice, and the checks' throughput fell to one group commit per slice (about 100 checks/s, p50 78 ms, while
/// 300,000 alerts were staged). Now a check waits at most for the slice that holds the lock. Bulk writers
/// keep their order among themselves, and run whenever no interactive writer waits.
actor WriteGate {
    private var busy = false
    private var interactive: [CheckedContinuation<Void, Never>] = []
    private var bulk: [CheckedContinuation<Void, Never>] = []

    func acquire(_ priority: WritePriority = .interactive) async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { continuation in
            switch priority {
            case .interactive: interactive.append(continuation)
            case .bulk: bulk.append(continuation)
            }
        }
    }

    func release() {
        if !interactive.isEmpty {
            interactive.removeFirst().resume()
        } else if !bulk.isEmpty {
            bulk.removeFirst().resume()
        } else {
            busy = false
        }
    }

    /// Writers waiting, by priority (for tests).
    var waiting: (interactive: Int, bulk: Int) { (interactive.count, bulk.count) }

    /// True while a writer holds the gate (for tests).
    var isBusy: Bool { busy }
}
