import ArgumentParser
import AsyncHTTPClient
import Foundation

/// More than one server on one PostgreSQL database (issue 15 item 5: instances behave as one system; measure
/// checks/s with two). The benchmark's own server is the first instance; the others are `kordon serve` processes
/// started here on the same database, each loading the watchlist from it as a restarted server would.
extension BenchChecks {
    /// A `kordon serve` process started by the benchmark, stopped (SIGTERM: it shuts down gracefully) by `stop`.
    struct Instance {
        var process: Process
        var base: String
        var folder: URL

        func stop() {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// Starts `count` servers on `database` and waits until each answers `/health` (loading a million alerts takes
    /// a while: up to ten minutes). The URL goes through the environment, not the command line `ps` shows.
    static func startInstances(count: Int, database: String, reference: String?, client: HTTPClient) async throws -> [Instance] {
        var instances: [Instance] = []
        do {
            for _ in 0..<count {
                let port = try freePort()
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kordon-instance-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let process = Process()
                process.executableURL = kordonExecutable()
                process.arguments = [
                    "serve", "--port", String(port), "--log-level", "warning",
                    "--data", folder.appendingPathComponent("kordon-data").path,
                ] + (reference.map { ["--reference", $0] } ?? [])
                process.environment = ProcessInfo.processInfo.environment.merging(["KORDON_DATABASE_URL": database]) { _, new in new }
                try process.run()
                instances.append(Instance(process: process, base: "http://127.0.0.1:\(port)", folder: folder))
            }
            for instance in instances {
                try await waitForHealth(client, base: instance.base, attempts: 12_000) {
                    guard instance.process.isRunning else {
                        throw ValidationError("kordon serve exited with status \(instance.process.terminationStatus) before it answered")
                    }
                }
            }
            return instances
        } catch {
            for instance in instances { instance.stop() }
            throw error
        }
    }

    /// This very binary (`bench check-clients` and `serve` are commands of it).
    static func kordonExecutable() -> URL {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if FileManager.default.isExecutableFile(atPath: path.path) { return path }
        return Bundle.main.executableURL ?? path
    }
}
