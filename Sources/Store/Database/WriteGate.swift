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
/// (Other processes meet at SQLite's busy timeout, which is what it is for; see ``WriterSignal`` for imports.)
///
/// Interactive writers go before bulk ones (issue 15: "an import must never stop the border"). In order
/// of arrival, a border check's write and an import's next slice took turns: each check waited for a whole
/// slice, and the checks' throughput fell to one group commit per slice (about 100 checks/s, p50 78 ms, while
/// 300,000 alerts were staged). Now a check waits at most for the slice that holds the lock. Bulk writers
/// keep their order among themselves, and run whenever no interactive writer waits.
///
/// Across processes on one file, a ``WriterSignal`` carries the same rule: while this process has interactive
/// writers it raises the signal, and a bulk writer that finds another process's signal raised gives its turn
/// back and tries again a millisecond later, so an import run as a process of its own also lets the border's
/// writes go first. Unlike this gate, which hands the lock to a bulk writer the moment no interactive one
/// waits, the signal is only seen when polled: under a steady stream of checks it drops only for moments
/// between group commits, so a bulk writer that waited for it to stay down would wait as long as checks kept
/// coming. So a bulk writer steps aside for at most ``longestStepAside`` (20 ms) and then takes one slice: a
/// check waits at most that slice (about 5 ms) plus SQLite's busy-handler retry, and the import keeps at least
/// a fifth of the lock's time.
actor WriteGate {
    private var busy = false
    /// Whether the writer holding the gate is interactive (it counts in `interactiveWriters` until it releases).
    private var holderIsInteractive = false
    /// Interactive writers waiting or holding the gate: the signal is raised while there are any.
    private var interactiveWriters = 0
    private var interactive: [CheckedContinuation<Void, Never>] = []
    private var bulk: [CheckedContinuation<Void, Never>] = []
    private let signal: WriterSignal?

    /// How long a bulk writer steps aside, each time, for another process's border writes.
    static let stepAside: Duration = .milliseconds(1)
    /// The longest a bulk writer keeps stepping aside before it takes its slice anyway.
    let longestStepAside: Duration

    init(signal: WriterSignal? = nil, longestStepAside: Duration = .milliseconds(20)) {
        self.signal = signal
        self.longestStepAside = longestStepAside
    }

    func acquire(_ priority: WritePriority = .interactive) async {
        if priority == .interactive {
            interactiveWriters += 1
            if interactiveWriters == 1 { signal?.raise() }
        }
        let deadline = ContinuousClock.now + longestStepAside
        while true {
            await take(priority)
            guard priority == .bulk, let signal, signal.othersWaiting, ContinuousClock.now < deadline else { return }
            release()
            try? await Task.sleep(for: Self.stepAside)
        }
    }

    private func take(_ priority: WritePriority) async {
        if !busy {
            busy = true
            holderIsInteractive = priority == .interactive
            return
        }
        // `release()` hands the gate over with `busy` still set and `holderIsInteractive` for the one it wakes.
        await withCheckedContinuation { continuation in
            switch priority {
            case .interactive: interactive.append(continuation)
            case .bulk: bulk.append(continuation)
            }
        }
    }

    func release() {
        if holderIsInteractive {
            interactiveWriters -= 1
            if interactiveWriters == 0 { signal?.lower() }
        }
        if !interactive.isEmpty {
            holderIsInteractive = true
            interactive.removeFirst().resume()
        } else if !bulk.isEmpty {
            holderIsInteractive = false
            bulk.removeFirst().resume()
        } else {
            holderIsInteractive = false
            busy = false
        }
    }

    /// Writers waiting, by priority (for tests).
    var waiting: (interactive: Int, bulk: Int) { (interactive.count, bulk.count) }

    /// True while a writer holds the gate (for tests).
    var isBusy: Bool { busy }
}
