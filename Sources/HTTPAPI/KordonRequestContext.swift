import Hummingbird
import Logging
import NIOCore

/// Per-request state (STYLE.md §3: a typed value, not a dictionary): the request id that ties logs,
/// problem details and audit entries together.
public struct KordonRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// From a well-formed `X-Request-Id` header, else generated.
    public var requestId: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestId = ""
    }

    /// Bodies larger than this are refused with 413 before they are read whole.
    public var maxUploadSize: Int { 1 << 20 }
}
