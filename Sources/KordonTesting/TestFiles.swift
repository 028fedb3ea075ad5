import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where tests write files: one folder per test process, removed when the process exits. Before it, every
/// test's SQLite database, signing key and worker script stayed in the temporary folder (hundreds per run).
public enum TestFiles {
    /// The test process's folder, made on first use.
    public static let folder: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kordon-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit {
            try? FileManager.default.removeItem(at: TestFiles.folder)
        }
        return folder
    }()

    /// A new path in the folder whose name ends with `name` (nothing is created there).
    public static func path(_ name: String) -> URL {
        folder.appendingPathComponent("\(UUID().uuidString)-\(name)")
    }
}
