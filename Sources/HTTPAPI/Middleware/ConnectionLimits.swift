import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// What one client may hold of the server (issue 15, "bad input": a client that opens 1,000 connections,
/// a slow client sending one byte a second). The body limit is `KordonRequestContext.maxUploadSize`.
public struct ConnectionLimits: Sendable {
    /// Open connections at most; one more is answered 503 and closed.
    public var maximumConnections: Int
    /// From the connection's start (or the end of the previous response) to a whole request head.
    public var headTimeout: TimeAmount
    /// From a request's head to the end of its body.
    public var bodyTimeout: TimeAmount
    /// A keep-alive connection with nothing to read or write is closed after this.
    public var idleTimeout: TimeAmount
    /// The request line and headers together, at most (NIO's decoder refuses more).
    public var maximumHeaderBytes: Int

    public init(
        maximumConnections: Int = 512, headTimeout: TimeAmount = .seconds(10), bodyTimeout: TimeAmount = .seconds(60),
        idleTimeout: TimeAmount = .seconds(75), maximumHeaderBytes: Int = 16 * 1024
    ) {
        self.maximumConnections = maximumConnections
        self.headTimeout = headTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maximumHeaderBytes = maximumHeaderBytes
    }

    /// The HTTP/1.1 channel configuration that enforces them; `connections` is shared by every connection.
    func channelConfiguration(connections: OpenConnections) -> HTTP1Channel.Configuration {
        var configuration = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionLimitHandler(limits: self, connections: connections)],
            idleTimeout: idleTimeout,
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: maximumHeaderBytes, maxHeaderListSize: maximumHeaderBytes, maxHeaderFieldCount: 100
            )
        )
        configuration.idleTimeout = idleTimeout
        return configuration
    }
}

/// The count of open connections, shared by the channel handlers of every event loop.
final class OpenConnections: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Takes a place; false when `limit` are taken.
    func open(limit: Int) -> Bool {
        lock.withLock {
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func close() { lock.withLock { count -= 1 } }

    var current: Int { lock.withLock { count } }
}

/// Enforces ``ConnectionLimits`` on one connection: refuses it over the connection limit, and closes it
/// when a request head or body does not arrive in time (408 when a request was under way).
final class ConnectionLimitHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let limits: ConnectionLimits
    let connections: OpenConnections
    private var counted = false
    private var deadline: Scheduled<Void>?
    private var reading = false

    init(limits: ConnectionLimits, connections: OpenConnections) {
        self.limits = limits
        self.connections = connections
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if !counted { start(context) }
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !counted else { return }
        guard connections.open(limit: limits.maximumConnections) else {
            refuse(context, status: .serviceUnavailable, type: "/problems/too-many-connections",
                detail: "the server holds \(limits.maximumConnections) connections, its limit; retry shortly")
            return
        }
        counted = true
        arm(context, after: limits.headTimeout, reason: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        if counted {
            counted = false
            connections.close()
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            reading = true
            arm(context, after: limits.bodyTimeout, reason: "the request body did not arrive within \(limits.bodyTimeout.seconds) s")
        case .end:
            reading = false
            deadline?.cancel()
            deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), !reading {
            // The next request's head must come in time too.
            arm(context, after: limits.headTimeout, reason: nil)
        }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext, after delay: TimeAmount, reason: String?) {
        deadline?.cancel()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: delay) {
            let (handler, context) = loopBound.value
            if let reason {
                handler.refuse(context, status: .requestTimeout, type: "/problems/request-timeout", detail: reason)
            } else {
                // No request under way: nothing to answer (RFC 9110 §15.5.9 allows a 408, browsers retry on it).
                context.close(promise: nil)
            }
        }
    }

    /// Answers with a problem and closes the connection.
    private func refuse(_ context: ChannelHandlerContext, status: HTTPResponse.Status, type: String, detail: String) {
        let body = #"{"type":"\#(type)","title":"\#(status.reasonPhrase)","status":\#(status.code),"detail":"\#(detail)"}"#
        var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
        buffer.writeString(body)
        var fields = HTTPFields()
        fields[.contentType] = "application/problem+json"
        fields[.contentLength] = String(buffer.readableBytes)
        fields[.connection] = "close"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(buffer)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}

extension TimeAmount {
    var seconds: Int64 { nanoseconds / 1_000_000_000 }
}
