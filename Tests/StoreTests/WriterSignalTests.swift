import Foundation
import KordonTesting
import SQLKit
@testable import Store
import Synchronization
import Testing

/// Issue 15 item 2 across processes: `kordon watchlist import` run beside `kordon serve` on one SQLite file
/// lets the server's border writes go first (``WriterSignal``), as an import inside the server does (``WriteGate``).
@Suite("Writer signal between processes")
struct WriterSignalTests {
    final class Flag: Sendable {
        let value = Mutex(false)
    }

    static let python = "/usr/bin/python3"
    static var pythonAvailable: Bool { FileManager.default.isExecutableFile(atPath: python) }

    /// A fresh signal file in a folder of its own.
    static func signalPath() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kordon-signal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("kordon.sqlite").path
    }

    /// Removes the folder `signalPath()` made, so runs leave nothing in the temporary directory.
    static func removeFolder(of path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    @Test("one holder's interactive writers are seen by the other holder, never by itself")
    func seenByOthersOnly() async throws {
        let path = try Self.signalPath()
        defer { Self.removeFolder(of: path) }
        let server = try #require(WriterSignal(databasePath: path))
        let importer = try #require(WriterSignal(databasePath: path))
        #expect(importer.othersWaiting == false)
        server.raise()
        #expect(importer.othersWaiting)
        #expect(server.othersWaiting == false)
        server.lower()
        #expect(importer.othersWaiting == false)
    }

    @Test("a bulk writer waits while another holder's interactive writer holds its gate, and goes once it lets go")
    func bulkStepsAside() async throws {
        let path = try Self.signalPath()
        defer { Self.removeFolder(of: path) }
        let server = WriteGate(signal: WriterSignal(databasePath: path))
        let importer = WriteGate(signal: WriterSignal(databasePath: path), longestStepAside: .seconds(60))
        let sliceRan = Flag()
        await server.acquire(.interactive)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await importer.acquire(.bulk)
                sliceRan.value.withLock { $0 = true }
                await importer.release()
            }
            // The slice keeps stepping aside (its own gate free between tries) while the check holds the server's.
            try await Task.sleep(for: .milliseconds(50))
            #expect(sliceRan.value.withLock { $0 } == false)
            await server.release()
            try await group.waitForAll()
        }
        #expect(sliceRan.value.withLock { $0 })
        #expect(await importer.isBusy == false)
    }

    /// Without the bound the writer would wait for ever: the time limit fails the test then. The upper bound on each
    /// wait is loose, since the whole suite runs beside it on two cores (one CI run measured 5.7 s).
    @Test("a bulk writer steps aside for a limited time, then takes its slice: the import is never starved", .timeLimit(.minutes(2)))
    func stepAsideIsBounded() async throws {
        let path = try Self.signalPath()
        defer { Self.removeFolder(of: path) }
        let server = WriteGate(signal: WriterSignal(databasePath: path))
        let importer = WriteGate(signal: WriterSignal(databasePath: path), longestStepAside: .milliseconds(30))
        await server.acquire(.interactive)
        let clock = ContinuousClock()
        for _ in 1...2 {
            let waited = try await clock.measure {
                await importer.acquire(.bulk)
                await importer.release()
            }
            #expect(waited >= .milliseconds(30))
            #expect(waited < .seconds(60))
        }
        await server.release()
        // Nobody else writing now: the next slice has nothing to step aside for.
        #expect(try #require(WriterSignal(databasePath: path)).othersWaiting == false)
    }

    @Test("a queued interactive writer keeps the signal raised after the holder before it lets go")
    func raisedUntilTheLastInteractiveWriter() async throws {
        let path = try Self.signalPath()
        defer { Self.removeFolder(of: path) }
        let server = WriteGate(signal: WriterSignal(databasePath: path))
        let importer = try #require(WriterSignal(databasePath: path))
        await server.acquire(.interactive)
        try await withThrowingTaskGroup(of: Void.self) { group in
            let (go, letGo) = AsyncStream.makeStream(of: Void.self)
            group.addTask {
                await server.acquire(.interactive)
                for await _ in go { break }
                await server.release()
            }
            try await WritePriorityTests.waitUntil { await server.waiting.interactive == 1 }
            await server.release()
            #expect(importer.othersWaiting)
            letGo.yield()
            letGo.finish()
            try await group.waitForAll()
        }
        #expect(importer.othersWaiting == false)
    }

    @Test("bulk writers of one holder do not raise the signal")
    func bulkDoesNotRaise() async throws {
        let path = try Self.signalPath()
        defer { Self.removeFolder(of: path) }
        let server = WriteGate(signal: WriterSignal(databasePath: path))
        let importer = try #require(WriterSignal(databasePath: path))
        await server.acquire(.bulk)
        #expect(importer.othersWaiting == false)
        await server.release()
    }

    /// Another process: Python's `fcntl.lockf` takes a classic POSIX record lock, which Linux checks against
    /// open file description locks, so a separate process holding the byte is seen as a writer waiting.
    @Test("a lock held by another process is seen", .enabled(if: WriterSignalTests.pythonAvailable, "needs /usr/bin/python3 for the other process"))
    func anotherProcess() async throws {
        let path = try Self.signalPath()
        defer { Self.removeFolder(of: path) }
        let importer = try #require(WriterSignal(databasePath: path))
        let child = Process()
        child.executableURL = URL(fileURLWithPath: Self.python)
        child.arguments = [
            "-c",
            "import fcntl, os, sys, time\nf = os.open(sys.argv[1], os.O_RDWR)\nfcntl.lockf(f, fcntl.LOCK_SH, 1, 0)\nprint('held', flush=True)\nsys.stdin.read()",
            path + "-writers",
        ]
        let output = Pipe()
        let input = Pipe()
        child.standardOutput = output
        child.standardInput = input
        try child.run()
        let line = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: output.fileHandleForReading.availableData) }
        }
        #expect(String(decoding: line, as: UTF8.self).hasPrefix("held"))
        #expect(importer.othersWaiting)
        try input.fileHandleForWriting.close()
        child.waitUntilExit()
        // The kernel dropped the child's lock when it exited.
        #expect(importer.othersWaiting == false)
    }
}
