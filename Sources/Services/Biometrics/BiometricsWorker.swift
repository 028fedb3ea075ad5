import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the worker and its models are, and how long a request may take.
public struct BiometricsConfiguration: Sendable, Equatable {
    /// Path of the `kordon-biometrics` executable.
    public var executable: String
    /// Folder holding `shape_predictor_5_face_landmarks.dat` and `dlib_face_recognition_resnet_model_v1.dat`.
    public var models: String
    /// Per request, once the worker runs; loading the models at start gets `startTimeout`.
    public var timeout: Duration
    public var startTimeout: Duration

    public init(executable: String, models: String, timeout: Duration = .seconds(10), startTimeout: Duration = .seconds(60)) {
        self.executable = executable
        self.models = models
        self.timeout = timeout
        self.startTimeout = startTimeout
    }

    static let modelFile = "dlib_face_recognition_resnet_model_v1.dat"

    /// Finds the worker: `KORDON_BIOMETRICS_WORKER`, else `kordon-biometrics` next to the running binary, else
    /// `Biometrics/build/kordon-biometrics` under the working directory (a source checkout after
    /// `Biometrics/install.sh`). Models: `KORDON_BIOMETRICS_MODELS`, else `models` beside the worker's folder
    /// (`Biometrics/models`), else `biometrics-models` next to the worker. Returns why not, when not found.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executableDirectory: String? = Bundle.main.executableURL?.deletingLastPathComponent().path,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> Result<BiometricsConfiguration, BiometricsError> {
        let files = FileManager.default
        var candidates: [String] = []
        if let given = environment["KORDON_BIOMETRICS_WORKER"], !given.isEmpty {
            candidates = [given]
        } else {
            if let executableDirectory { candidates.append(executableDirectory + "/kordon-biometrics") }
            candidates.append(currentDirectory + "/Biometrics/build/kordon-biometrics")
        }
        guard let executable = candidates.first(where: { files.isExecutableFile(atPath: $0) }) else {
            return .failure(BiometricsError(
                .unavailable,
                "the biometric worker is not installed here: run Biometrics/install.sh or set KORDON_BIOMETRICS_WORKER"
            ))
        }
        let folder = (executable as NSString).deletingLastPathComponent
        var modelFolders: [String] = []
        if let given = environment["KORDON_BIOMETRICS_MODELS"], !given.isEmpty {
            modelFolders = [given]
        } else {
            modelFolders = [((folder as NSString).deletingLastPathComponent as NSString).appendingPathComponent("models"),
                            folder + "/biometrics-models"]
        }
        guard let models = modelFolders.first(where: { files.fileExists(atPath: $0 + "/" + modelFile) }) else {
            return .failure(BiometricsError(
                .unavailable,
                "the face models are not installed here: run Biometrics/install.sh or set KORDON_BIOMETRICS_MODELS"
            ))
        }
        var configuration = BiometricsConfiguration(executable: executable, models: models)
        if let seconds = environment["KORDON_BIOMETRICS_TIMEOUT"].flatMap(Double.init), seconds > 0, seconds < 3600 {
            configuration.timeout = .milliseconds(Int(seconds * 1000))
        }
        return .success(configuration)
    }
}

/// The long-lived `kordon-biometrics` process: started on first use, one request at a time, a timeout per
/// request, restarted after a crash or a timeout. When the worker is not installed every call throws
/// `BiometricsError.unavailable` naming the reason, and the rest of Kordon runs as before.
///
/// The pipe I/O blocks, so it runs on one serial dispatch queue (STYLE.md §14: blocking work goes elsewhere);
/// the queue's order is the request order, which the protocol needs. The actor keeps the counters.
public actor BiometricsWorker {
    private let connection: WorkerConnection?
    private let unavailable: BiometricsError?
    private var requests = 0
    /// How many times the worker was (re)started.
    public private(set) var starts = 0

    public init(configuration: BiometricsConfiguration) {
        self.connection = WorkerConnection(configuration: configuration)
        self.unavailable = nil
    }

    /// A worker that is not there: every call throws `error`.
    public init(unavailable error: BiometricsError) {
        self.connection = nil
        self.unavailable = error
    }

    /// The worker found by `BiometricsConfiguration.locate()`, or an unavailable one saying why.
    public static func fromEnvironment() -> BiometricsWorker {
        switch BiometricsConfiguration.locate() {
        case .success(let configuration): return BiometricsWorker(configuration: configuration)
        case .failure(let error): return BiometricsWorker(unavailable: error)
        }
    }

    public var isConfigured: Bool { connection != nil }

    /// One exchange: sends the images, waits for the answer line, decodes it.
    public func send<T: Decodable & Sendable>(
        _ operation: WorkerProtocol.Operation, images: [Data], threshold: Double? = nil, as type: T.Type
    ) async throws(BiometricsError) -> T {
        guard let connection else { throw unavailable ?? BiometricsError(.unavailable, "no biometric worker") }
        requests += 1
        let id = "r\(requests)"
        let frame = WorkerProtocol.request(operation, id: id, images: images, threshold: threshold)
        let outcome: Result<(Data, Bool), BiometricsError> = await withCheckedContinuation { continuation in
            connection.queue.async { continuation.resume(returning: connection.exchange(frame)) }
        }
        let (line, started) = try outcome.get()
        if started { starts += 1 }
        return try WorkerProtocol.decode(T.self, line: line, id: id)
    }

    /// Stops the worker process (it would also stop by itself when Kordon's end of the pipe closes).
    public func shutdown() async {
        guard let connection else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            connection.queue.async {
                connection.stop()
                continuation.resume()
            }
        }
    }
}

/// The process and its pipes. Every method runs on `queue`, which is what makes it safe to share.
final class WorkerConnection: @unchecked Sendable {
    let configuration: BiometricsConfiguration
    let queue = DispatchQueue(label: "kordon.biometrics.worker")
    private var process: Process?
    private var input: Int32 = -1
    private var output: Int32 = -1
    private var buffer = Data()

    init(configuration: BiometricsConfiguration) {
        self.configuration = configuration
    }

    /// Starts the worker if needed, writes `frame`, reads one line. `true` with the line when the worker was
    /// started for this request. On timeout or failure the worker is killed, to be restarted next time.
    func exchange(_ frame: Data) -> Result<(Data, Bool), BiometricsError> {
        var started = false
        if process == nil {
            if let error = start() { return .failure(error) }
            started = true
        }
        switch roundTrip(frame, timeout: configuration.timeout) {
        case .success(let line): return .success((line, started))
        case .failure(let error):
            stop()
            return .failure(error)
        }
    }

    private func start() -> BiometricsError? {
        // A worker that dies leaves a pipe whose write would raise SIGPIPE and end the server.
        signal(SIGPIPE, SIG_IGN)
        let started: (Process, Pipe, Pipe)
        switch Self.launch(configuration) {
        case .success(let launched): started = launched
        case .failure(let refusal): return refusal
        }
        let (process, stdin, stdout) = started
        self.process = process
        input = stdin.fileHandleForWriting.fileDescriptor
        output = stdout.fileHandleForReading.fileDescriptor
        // Keep the Pipe objects' descriptors open for as long as the process runs.
        pipes = (stdin, stdout)
        buffer = Data()
        // Models load before the first answer: a ping proves the worker is ready.
        switch roundTrip(WorkerProtocol.request(.ping, id: "start", images: []), timeout: configuration.startTimeout) {
        case .success: return nil
        case .failure:
            stop()
            return BiometricsError(
                .unavailable, "the biometric worker stopped while loading its models (are they installed?)"
            )
        }
    }

    private var pipes: (Pipe, Pipe)?

    /// Starts the worker, waiting out "text file busy" (`ETXTBSY`) for up to a second. Linux refuses to run a
    /// file some process holds open for writing: the worker being replaced by `Biometrics/install.sh`, or a
    /// child spawned by another thread in the instant between its `vfork` and `exec`, which still holds every
    /// descriptor the server had open, such as a script being written. Both pass within milliseconds.
    ///
    /// Each attempt is a new `Process` with new pipes: Foundation does not support running a `Process` again
    /// after its `run()` threw (a second `run()` on the same object crashed inside Foundation).
    private static func launch(_ configuration: BiometricsConfiguration) -> Result<(Process, Pipe, Pipe), BiometricsError> {
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_THREAD_LIMIT"] = "1"
        environment["OPENBLAS_NUM_THREADS"] = "1"
        let attempts = 20
        for attempt in 1...attempts {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: configuration.executable)
            process.arguments = ["--models", configuration.models]
            process.environment = environment
            let stdin = Pipe(), stdout = Pipe()
            process.standardInput = stdin
            process.standardOutput = stdout
            do {
                try process.run()
                return .success((process, stdin, stdout))
            } catch let error as NSError {
                // The pipes close their descriptors when they are let go, at the end of this attempt.
                let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError ?? error
                let busy = underlying.domain == NSPOSIXErrorDomain && underlying.code == Int(ETXTBSY)
                if busy && attempt < attempts {
                    usleep(50_000)
                    continue
                }
                return .failure(BiometricsError(
                    .unavailable, "the biometric worker could not be started: \(underlying.localizedDescription)"
                ))
            }
        }
        return .failure(BiometricsError(.unavailable, "the biometric worker could not be started"))
    }

    func stop() {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        if let (stdin, stdout) = pipes {
            try? stdin.fileHandleForWriting.close()
            try? stdout.fileHandleForReading.close()
        }
        pipes = nil
        process = nil
        input = -1
        output = -1
        buffer = Data()
    }

    private func roundTrip(_ frame: Data, timeout: Duration) -> Result<Data, BiometricsError> {
        guard let process else { return .failure(BiometricsError(.workerFailed, "the worker is not running")) }
        // The watchdog kills the worker when the deadline passes; the blocked read then ends.
        let timedOut = LockedFlag()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem {
            timedOut.set()
            kill(pid, SIGKILL)
        }
        let (seconds, attoseconds) = timeout.components
        let deadline = DispatchTime.now() + .milliseconds(Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
        DispatchQueue.global().asyncAfter(deadline: deadline, execute: watchdog)
        defer { watchdog.cancel() }

        let wrote = frame.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var offset = 0
            while offset < raw.count {
                let n = write(input, base + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while wrote {
            do {
                if let line = try WorkerProtocol.takeLine(from: &buffer) { return .success(line) }
            } catch {
                return .failure(error)
            }
            let n = read(output, &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            buffer.append(contentsOf: chunk[0..<n])
        }
        if timedOut.value {
            return .failure(BiometricsError(.timeout, "the biometric worker took longer than \(timeout); it will be restarted"))
        }
        return .failure(BiometricsError(.workerFailed, "the biometric worker stopped during the request; it will be restarted"))
    }
}

/// A flag set from the watchdog's queue and read from the worker's.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false

    func set() { lock.withLock { flag = true } }
    var value: Bool { lock.withLock { flag } }
}
