import Foundation

/// A 1:1 comparison of a live face with the document's: the worker's answer, as Kordon keeps it.
public struct FaceVerification: Codable, Sendable, Hashable {
    /// `match`: same person at the threshold in force; `no_match`: not; `cannot_tell`: a face could not be
    /// compared (`reason` and `image` say which and why).
    public enum Outcome: String, Codable, Sendable {
        case match
        case noMatch = "no_match"
        case cannotTell = "cannot_tell"
    }

    public var outcome: Outcome
    /// Euclidean distance between the two 128-d face descriptors (dlib ResNet); nil when not compared.
    public var distance: Double?
    public var threshold: Double
    /// Why not compared: `no_face`, `several_faces`, `too_small`, `too_blurred`.
    public var reason: String?
    /// Which image the reason concerns: `live` or `reference`.
    public var image: String?
    public var detail: String?
    /// Time the worker spent, decoding both images included (milliseconds).
    public var ms: Double
    public var live: FaceImage
    public var reference: FaceImage

    /// What the worker saw in one image.
    public struct FaceImage: Codable, Sendable, Hashable {
        public var format: String
        public var width: Int
        public var height: Int
        public var faces: Int
        /// x, y, width, height of the face compared, in image pixels.
        public var box: [Int]?
        public var sharpness: Double?
    }
}

/// A number plate read from a camera frame.
public struct PlateReading: Codable, Sendable, Hashable {
    /// As displayed (`AA 1234 BB`, `ABC 123`).
    public var text: String
    /// The watchlists' key for it (`PlateNormalizer`: separators gone, Cyrillic look-alikes folded).
    public var normalized: String
    /// ICAO code of the state whose format the text fits (`UKR`, `MDA`).
    public var country: String
    /// 0...1: Tesseract's mean symbol confidence less a penalty per letter/digit correction.
    public var confidence: Double
    /// x, y, width, height of the plate in frame pixels.
    public var box: [Int]
    public var ms: Double
}

/// An image's format and size as its header gives them (the worker's `probe`: nothing decoded).
public struct ImageProbe: Codable, Sendable, Hashable {
    /// `jpeg`, `png` or `jpeg2000`.
    public var format: String
    public var width: Int
    public var height: Int
}
