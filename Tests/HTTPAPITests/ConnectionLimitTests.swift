import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle
import Testing

@testable import HTTPAPI

#if canImport(Glibc)
import Glibc
#endif

/// The server stays responsive for the others when one client misbehaves (issue 15, "bad input"): over the
/// connection limit a client is told 503, a head or body that does not arrive in time closes the
/// connection (408 when a request was under way), an oversized header is refused.
@Suite("Connection limits", .serialized)
struct ConnectionLimitTests {
    /// A plain TCP client: what a misbehaving client does cannot be done through an HTTP client library.
    final class RawClient: @unchecked Sendable {
        let fd: Int32

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
        }

        deinit { close(fd) }

        func send(_ text: String) {
            _ = text.utf8CString.withUnsafeBufferPointer { Glibc.send(fd, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
        }

        /// Everything until the server closes (or 5 s pass); "" when it closed without a word. Read on a
        /// dispatch thread: a blocking `recv` on the test's task would hold a thread the server needs.
        func readAll() async -> String {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: self.blockingReadAll()) }
            }
        }

        private func blockingReadAll() -> String {
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n <= 0 { break }
                data.append(contentsOf: buffer[0..<n])
            }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Runs a server with `limits` answering `GET /health` and `POST /echo`, then `body` with its port.
    static func withServer(_ limits: ConnectionLimits, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let router = Router()
        router.get("/health") { _, _ in "ok" }
        router.post("/echo") { request, _ in
            String(buffer: try await request.body.collect(upTo: 1 << 20))
        }
        let port = PortBox()
        let app = Application(
            router: router, server: .http1(configuration: limits.channelConfiguration(connections: OpenConnections())),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.set(channel.localAddress?.port ?? 0) }
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            let serviceGroup = ServiceGroup(configuration: .init(services: [app], logger: app.logger))
            group.addTask { try await serviceGroup.run() }
            while port.value == 0 { try await Task.sleep(for: .milliseconds(20)) }
            do {
                try await body(port.value)
            } catch {
                await serviceGroup.triggerGracefulShutdown()
                throw error
            }
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }

    final class PortBox: @unchecked Sendable {
        private let lock = NSLock()
        private var port = 0
        var value: Int { lock.withLock { port } }
        func set(_ value: Int) { lock.withLock { port = value } }
    }

    @Test("one connection over the limit is answered 503 with a problem, and the others keep working")
    func tooManyConnections() async throws {
        try await Self.withServer(.init(maximumConnections: 2)) { port in
            let first = try RawClient(port: port)
            let second = try RawClient(port: port)
            // The server must have accepted both before the third arrives; on a loaded machine that takes a while.
            try await Task.sleep(for: .seconds(2))
            let third = try RawClient(port: port)
            let refused = await third.readAll()
            #expect(refused.hasPrefix("HTTP/1.1 503"))
            #expect(refused.contains("/problems/too-many-connections"))
            first.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(await first.readAll().hasPrefix("HTTP/1.1 200"))
            _ = second
        }
    }

    @Test("a client sending its head a byte at a time is cut off after the head timeout; others are served")
    func slowHead() async throws {
        try await Self.withServer(.init(headTimeout: .milliseconds(500))) { port in
            let slow = try RawClient(port: port)
            let started = Date()
            slow.send("GET /hea")
            try await Task.sleep(for: .milliseconds(200))
            slow.send("lth HTTP/1.1\r\nHo")
            let other = try RawClient(port: port)
            other.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(await other.readAll().hasPrefix("HTTP/1.1 200"))
            #expect(await slow.readAll() == "")
            // Cut at the 0.5 s head deadline, not at the 75 s idle timeout; the margin is for a loaded machine
            // (4.2 s was seen with three builds running).
            #expect(Date().timeIntervalSince(started) < 15)
        }
    }

    @Test("a body that does not arrive in time is answered 408 and the connection closed")
    func slowBody() async throws {
        try await Self.withServer(.init(bodyTimeout: .milliseconds(500))) { port in
            let slow = try RawClient(port: port)
            slow.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab")
            let answer = await slow.readAll()
            #expect(answer.hasPrefix("HTTP/1.1 408"))
            #expect(answer.contains("/problems/request-timeout"))
        }
    }

    @Test("headers over the limit are refused and nothing reaches a handler")
    func oversizedHeader() async throws {
        try await Self.withServer(.init(maximumHeaderBytes: 4 * 1024)) { port in
            let client = try RawClient(port: port)
            client.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Filler: \(String(repeating: "a", count: 8 * 1024))\r\n\r\n")
            let answer = await client.readAll()
            #expect(!answer.hasPrefix("HTTP/1.1 200"))
            let other = try RawClient(port: port)
            other.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(await other.readAll().hasPrefix("HTTP/1.1 200"))
        }
    }
}
