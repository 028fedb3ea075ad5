// kordon-biometrics: Kordon's biometric worker (face verification 1:1, number plate reading).
//
// A separate process so that the Swift package never links dlib, OpenCV or Tesseract: Kordon starts one
// long-lived worker, which loads its models once (~0.5 s) and then answers requests one at a time.
//
// Protocol (stdin → stdout, see Biometrics/PROTOCOL.md):
//   request  = one ASCII header line, then the image bytes whose lengths the header names
//              "ping <id>\n"
//              "face <id> <live-bytes> <reference-bytes> <threshold>\n" <live><reference>
//              "plate <id> <frame-bytes>\n" <frame>
//              "probe <id> <bytes>\n" <image>        (format and dimensions only, no decoding)
//              "preview <id> <bytes>\n" <image>      (a small JPEG of it, for browsers without JPEG 2000)
//   response = one JSON object on one line, "\n"-terminated, with the request's id.
// Nothing else is ever written to stdout; diagnostics go to stderr and never contain image content.
//
// Images are untrusted. Before anything is decoded the worker reads the format and the dimensions from the
// file header (JPEG SOF, PNG IHDR, JPEG 2000 SIZ/ihdr) and refuses unknown formats, missing end markers
// (truncation) and anything above the pixel limit: a decompression bomb never reaches a decoder.

#include <dlib/dnn.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern "C" void openblas_set_num_threads(int);  // dlib's BLAS is OpenBLAS on Debian

namespace {

// MARK: - Limits

constexpr size_t kMaxHeaderLine = 256;
constexpr size_t kMaxImageBytes = 20u * 1024u * 1024u;     // 20 MiB per image
constexpr uint64_t kMaxPixels = 24ull * 1000ull * 1000ull;  // 24 megapixels
constexpr uint32_t kMaxSide = 10000;
constexpr int kFaceFirstPassSide = 400;  // first face search on a copy this long (fast, large faces)
constexpr int kFaceWorkingSide = 1000;   // second search, when the first finds nothing
constexpr int kMinFaceSide = 60;       // pixels, in the original image
constexpr double kMinSharpness = 12.0; // variance of the Laplacian on the 150 px aligned face chip
constexpr double kSecondFaceRatio = 0.25;  // a second face at least this fraction of the largest: ambiguous
constexpr double kPlateGoodEnough = 0.7;  // a read fitting a format this well ends the candidate search

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// MARK: - JSON output

std::string jsonString(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        default:
            if (c < 0x20 || c >= 0x7f) {
                char buf[8];
                snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out + "\"";
}

std::string num(double v) {
    if (!std::isfinite(v)) return "null";
    char buf[32];
    snprintf(buf, sizeof buf, "%.4f", v);
    return buf;
}

/// A failure that names the image and a stable reason code; becomes {"ok":false,...}.
struct ImageError {
    std::string image;   // "live", "reference", "frame", or "" for the request itself
    std::string code;    // stable: not_an_image, truncated, too_large, unsupported_format, corrupt, bad_request
    std::string detail;  // for people; never image content
};

std::string errorResponse(const std::string& id, const ImageError& e) {
    return "{\"id\":" + jsonString(id) + ",\"ok\":false,\"error\":{\"code\":" + jsonString(e.code) +
           ",\"image\":" + jsonString(e.image) + ",\"detail\":" + jsonString(e.detail) + "}}";
}

// MARK: - Header sniffing: format and dimensions before decoding

struct ImageInfo {
    std::string format;
    uint32_t width = 0;
    uint32_t height = 0;
    int reduction = 1;  // the decoded image is this many times smaller than the file's (JPEG DCT scaling)
};

uint32_t be16(const uint8_t* p) { return (uint32_t(p[0]) << 8) | p[1]; }
uint32_t be32(const uint8_t* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

/// JPEG (ITU-T T.81 §B.2): walk the marker segments to the first SOFn, which holds the frame's size.
std::optional<ImageError> sniffJPEG(const std::vector<uint8_t>& d, const std::string& name, ImageInfo& info) {
    size_t i = 2;
    while (i + 4 <= d.size()) {
        if (d[i] != 0xFF) return ImageError{name, "corrupt", "JPEG marker expected at byte " + std::to_string(i)};
        uint8_t marker = d[i + 1];
        if (marker == 0xFF) { ++i; continue; }  // fill byte
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) { i += 2; continue; }
        uint32_t len = be16(&d[i + 2]);
        if (len < 2) return ImageError{name, "corrupt", "JPEG segment length below 2"};
        bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            if (i + 9 > d.size()) break;
            info.height = be16(&d[i + 5]);
            info.width = be16(&d[i + 7]);
            info.format = "jpeg";
            // Truncation: a whole JPEG ends with EOI (FFD9); allow trailing bytes some cameras append.
            size_t tail = d.size() > 4096 ? d.size() - 4096 : 0;
            bool eoi = false;
            for (size_t k = d.size() - 1; k > tail; --k) {
                if (d[k - 1] == 0xFF && d[k] == 0xD9) { eoi = true; break; }
            }
            if (!eoi) return ImageError{name, "truncated", "JPEG ends without its end-of-image marker"};
            return std::nullopt;
        }
        if (marker == 0xDA) break;  // scan before frame header: malformed
        i += 2 + len;
    }
    return ImageError{name, "truncated", "JPEG ends before its frame header"};
}

/// PNG (ISO/IEC 15948 §11.2.2): IHDR is the first chunk; IEND must close the file.
std::optional<ImageError> sniffPNG(const std::vector<uint8_t>& d, const std::string& name, ImageInfo& info) {
    if (d.size() < 33 || std::memcmp(&d[12], "IHDR", 4) != 0)
        return ImageError{name, "corrupt", "PNG without IHDR chunk"};
    info.width = be32(&d[16]);
    info.height = be32(&d[20]);
    info.format = "png";
    if (d.size() < 45 || std::memcmp(&d[d.size() - 8], "IEND", 4) != 0)
        return ImageError{name, "truncated", "PNG ends without its IEND chunk"};
    return std::nullopt;
}

/// JPEG 2000 codestream (ISO/IEC 15444-1 §A.5.1): SIZ follows SOC; the image area is Xsiz-XOsiz × Ysiz-YOsiz.
std::optional<ImageError> sniffJ2KCodestream(const uint8_t* p, size_t n, const std::string& name, ImageInfo& info) {
    if (n < 4 + 2 + 36 || p[0] != 0xFF || p[1] != 0x4F || p[2] != 0xFF || p[3] != 0x51)
        return ImageError{name, "corrupt", "JPEG 2000 codestream without SIZ marker"};
    const uint8_t* siz = p + 4 + 2 + 2;  // marker, length, Rsiz
    uint32_t xsiz = be32(siz), ysiz = be32(siz + 4), xo = be32(siz + 8), yo = be32(siz + 12);
    if (xo >= xsiz || yo >= ysiz) return ImageError{name, "corrupt", "JPEG 2000 image area is empty"};
    info.width = xsiz - xo;
    info.height = ysiz - yo;
    if (p[n - 2] != 0xFF || p[n - 1] != 0xD9)
        return ImageError{name, "truncated", "JPEG 2000 codestream ends without its EOC marker"};
    return std::nullopt;
}

/// JP2 file (ISO/IEC 15444-1 §I.4): boxes; the contiguous codestream box 'jp2c' holds the codestream.
std::optional<ImageError> sniffJP2(const std::vector<uint8_t>& d, const std::string& name, ImageInfo& info) {
    size_t i = 0;
    for (int boxes = 0; boxes < 64 && i + 8 <= d.size(); ++boxes) {
        uint64_t len = be32(&d[i]);
        size_t headerLen = 8;
        if (len == 1) {
            if (i + 16 > d.size()) break;
            len = (uint64_t(be32(&d[i + 8])) << 32) | be32(&d[i + 12]);
            headerLen = 16;
        } else if (len == 0) {
            len = d.size() - i;
        }
        if (len < headerLen) return ImageError{name, "corrupt", "JP2 box shorter than its header"};
        if (std::memcmp(&d[i + 4], "jp2c", 4) == 0) {
            if (i + len > d.size()) return ImageError{name, "truncated", "JP2 codestream box is cut short"};
            info.format = "jpeg2000";
            return sniffJ2KCodestream(&d[i + headerLen], size_t(len - headerLen), name, info);
        }
        if (i + len > d.size()) break;
        i += size_t(len);
    }
    return ImageError{name, "truncated", "JP2 file without a codestream box"};
}

/// Reads format and size from the header and applies the limits; nothing is decoded.
std::optional<ImageError> sniff(const std::vector<uint8_t>& d, const std::string& name, ImageInfo& info) {
    if (d.empty()) return ImageError{name, "not_an_image", "empty"};
    static const uint8_t png[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    static const uint8_t jp2[12] = {0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A};
    std::optional<ImageError> err;
    if (d.size() >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) {
        err = sniffJPEG(d, name, info);
    } else if (d.size() >= 8 && std::memcmp(d.data(), png, 8) == 0) {
        err = sniffPNG(d, name, info);
    } else if (d.size() >= 12 && std::memcmp(d.data(), jp2, 12) == 0) {
        err = sniffJP2(d, name, info);
    } else if (d.size() >= 4 && d[0] == 0xFF && d[1] == 0x4F && d[2] == 0xFF && d[3] == 0x51) {
        info.format = "j2k";
        err = sniffJ2KCodestream(d.data(), d.size(), name, info);
    } else {
        return ImageError{name, "not_an_image", "not a JPEG, PNG or JPEG 2000 file"};
    }
    if (err) return err;
    if (info.width == 0 || info.height == 0) return ImageError{name, "corrupt", "image header declares no pixels"};
    if (info.width > kMaxSide || info.height > kMaxSide || uint64_t(info.width) * info.height > kMaxPixels) {
        return ImageError{name, "too_large",
                          std::to_string(info.width) + "x" + std::to_string(info.height) +
                              " exceeds the limit of 24 megapixels (10000 px a side); refused before decoding"};
    }
    return std::nullopt;
}

/// Decodes after the header check. `minSide` > 0 lets a JPEG decode at 1/2, 1/4 or 1/8 of its size (libjpeg's
/// DCT scaling: the cost of a phone camera's 12-megapixel photo drops five- to tenfold) as long as the longer
/// side stays at least `minSide`; `info.reduction` says by how much. Other formats decode at full size.
std::optional<ImageError> decode(const std::vector<uint8_t>& d, const std::string& name, cv::Mat& out,
                                 ImageInfo& info, int flags, int minSide = 0) {
    if (auto e = sniff(d, name, info)) return e;
    info.reduction = 1;
    if (minSide > 0 && info.format == "jpeg") {
        uint32_t longSide = std::max(info.width, info.height);
        while (info.reduction < 8 && longSide / uint32_t(info.reduction * 2) >= uint32_t(minSide)) info.reduction *= 2;
    }
    if (info.reduction > 1) {
        bool grey = flags == cv::IMREAD_GRAYSCALE;
        flags = info.reduction == 2 ? (grey ? cv::IMREAD_REDUCED_GRAYSCALE_2 : cv::IMREAD_REDUCED_COLOR_2)
              : info.reduction == 4 ? (grey ? cv::IMREAD_REDUCED_GRAYSCALE_4 : cv::IMREAD_REDUCED_COLOR_4)
                                    : (grey ? cv::IMREAD_REDUCED_GRAYSCALE_8 : cv::IMREAD_REDUCED_COLOR_8);
    }
    try {
        cv::Mat raw(1, int(d.size()), CV_8UC1, const_cast<uint8_t*>(d.data()));
        out = cv::imdecode(raw, flags);
    } catch (const cv::Exception&) {
        return ImageError{name, "corrupt", info.format + " data could not be decoded"};
    }
    if (out.empty()) return ImageError{name, "corrupt", info.format + " data could not be decoded"};
    uint32_t r = uint32_t(info.reduction);
    if (uint32_t(out.cols) != (info.width + r - 1) / r || uint32_t(out.rows) != (info.height + r - 1) / r)
        return ImageError{name, "corrupt", "decoded size differs from the header"};
    return std::nullopt;
}

// MARK: - Face: dlib's ResNet metric network (dnn_face_recognition_ex.cpp, dlib 19.24)

using namespace dlib;

template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual = add_prev1<block<N, BN, 1, tag1<SUBNET>>>;
template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual_down = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<block<N, BN, 2, tag1<SUBNET>>>>>>;
template <int N, template <typename> class BN, int stride, typename SUBNET>
using block = BN<con<N, 3, 3, 1, 1, relu<BN<con<N, 3, 3, stride, stride, SUBNET>>>>>;
template <int N, typename SUBNET> using ares = relu<residual<block, N, affine, SUBNET>>;
template <int N, typename SUBNET> using ares_down = relu<residual_down<block, N, affine, SUBNET>>;
template <typename SUBNET> using alevel0 = ares_down<256, SUBNET>;
template <typename SUBNET> using alevel1 = ares<256, ares<256, ares_down<256, SUBNET>>>;
template <typename SUBNET> using alevel2 = ares<128, ares<128, ares_down<128, SUBNET>>>;
template <typename SUBNET> using alevel3 = ares<64, ares<64, ares<64, ares_down<64, SUBNET>>>>;
template <typename SUBNET> using alevel4 = ares<32, ares<32, ares<32, SUBNET>>>;
using anet_type = loss_metric<fc_no_bias<128, avg_pool_everything<alevel0<alevel1<alevel2<alevel3<alevel4<
    max_pool<3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2, input_rgb_image_sized<150>>>>>>>>>>>>>;

/// What one face pipeline needs. The detector and the network keep working buffers, so the live and the
/// reference image, processed on two threads, each have their own copy (the network is ~22 MB).
struct FaceModels {
    frontal_face_detector detector = get_frontal_face_detector();
    shape_predictor landmarks;
    anet_type net;
};

struct Models {
    FaceModels face[2];  // [0] the live image, [1] the reference
    tesseract::TessBaseAPI ocr;
    bool ocrReady = false;
};

/// One face found and embedded, or the reason it could not be.
struct FaceResult {
    std::string reason;  // empty when a face was embedded: no_face, several_faces, too_small, too_blurred
    std::string detail;
    int faces = 0;
    cv::Rect box;
    double sharpness = 0;
    double detectMs = 0, embedMs = 0;
    matrix<float, 0, 1> descriptor;
};

/// Runs HOG on a copy whose long side is `side` pixels; returns the detections and the scale used.
std::vector<rectangle> detectAt(FaceModels& m, const cv::Mat& bgr, int side, cv::Mat& rgb, double& scale) {
    int longSide = std::max(bgr.cols, bgr.rows);
    scale = double(side) / longSide;
    cv::Mat work;
    if (scale < 1.0) cv::resize(bgr, work, cv::Size(), scale, scale, cv::INTER_AREA);
    else if (scale > 1.0) cv::resize(bgr, work, cv::Size(), scale, scale, cv::INTER_LINEAR);
    else work = bgr;
    cv::cvtColor(work, rgb, cv::COLOR_BGR2RGB);
    cv_image<rgb_pixel> img(rgb);
    return m.detector(img);
}

/// `lookForOthers`: search at a finer scale for a second face when the first is small (the live image; a
/// document photo holds one face by construction, and its ghost image is far smaller).
/// `reduction`: how many times smaller `bgr` is than the file (boxes and sizes are reported in file pixels).
FaceResult embedFace(FaceModels& m, const cv::Mat& bgr, bool lookForOthers, int reduction) {
    FaceResult r;
    auto t0 = Clock::now();
    // HOG's window is 80 px: a first pass on a small copy finds the large faces of a booth camera or a
    // document photo quickly; only when it finds none is the image searched again at a finer scale.
    double scale = 1.0;
    cv::Mat rgb;
    int longSide = std::max(bgr.cols, bgr.rows);
    int firstSide = std::min(longSide * 2, kFaceFirstPassSide);
    std::vector<rectangle> dets = detectAt(m, bgr, firstSide, rgb, scale);
    if (dets.empty() && longSide * 2 > firstSide) {
        dets = detectAt(m, bgr, std::min(longSide * 2, kFaceWorkingSide), rgb, scale);
    } else if (!dets.empty() && lookForOthers) {
        // A second face half as wide as the largest must be big enough for HOG's 80 px window, or "several
        // faces" could never be seen: search again at a finer scale when the largest is under 160 px.
        long widest = 0;
        for (auto& d : dets) widest = std::max(widest, long(d.width()));
        if (widest < 160) {
            int side = std::min({longSide * 2, kFaceWorkingSide, int(firstSide * 160 / std::max(widest, 1L))});
            if (side > firstSide + 16) dets = detectAt(m, bgr, side, rgb, scale);
        }
    }
    cv_image<rgb_pixel> img(rgb);
    r.detectMs = msSince(t0);
    r.faces = int(dets.size());
    if (dets.empty()) {
        r.reason = "no_face";
        r.detail = "no face found";
        return r;
    }
    std::sort(dets.begin(), dets.end(), [](const rectangle& a, const rectangle& b) { return a.area() > b.area(); });
    // A passport data page carries a small ghost image beside the photo and a live frame may catch a passer-by:
    // faces far smaller than the largest are ignored, one nearly as large makes the frame ambiguous.
    int comparable = 0;
    for (auto& d : dets) if (double(d.area()) >= kSecondFaceRatio * double(dets[0].area())) ++comparable;
    r.faces = comparable;
    if (comparable > 1) {
        r.reason = "several_faces";
        r.detail = std::to_string(comparable) + " faces of similar size";
        return r;
    }
    rectangle face = dets[0];
    double toFile = double(reduction) / scale;
    r.box = cv::Rect(int(face.left() * toFile), int(face.top() * toFile), int(face.width() * toFile),
                     int(face.height() * toFile));
    if (r.box.width < kMinFaceSide) {
        r.reason = "too_small";
        r.detail = "face is " + std::to_string(r.box.width) + " px wide, at least " + std::to_string(kMinFaceSide) +
                   " needed";
        return r;
    }
    full_object_detection shape = m.landmarks(img, face);
    matrix<rgb_pixel> chip;
    extract_image_chip(img, get_face_chip_details(shape, 150, 0.25), chip);
    // Sharpness: variance of the Laplacian on the aligned chip (same scale for every face).
    cv::Mat chipMat = toMat(chip), grey, lap;
    cv::cvtColor(chipMat, grey, cv::COLOR_RGB2GRAY);
    cv::Laplacian(grey, lap, CV_64F);
    cv::Scalar mean, sd;
    cv::meanStdDev(lap, mean, sd);
    r.sharpness = sd[0] * sd[0];
    if (r.sharpness < kMinSharpness) {
        r.reason = "too_blurred";
        r.detail = "face sharpness " + num(r.sharpness) + " below " + num(kMinSharpness);
        return r;
    }
    auto t1 = Clock::now();
    r.descriptor = m.net(chip);
    r.embedMs = msSince(t1);
    return r;
}

std::string faceJSON(const std::string& name, const ImageInfo& info, const FaceResult& f) {
    std::string s = "\"" + name + "\":{\"format\":" + jsonString(info.format) + ",\"width\":" +
                    std::to_string(info.width) + ",\"height\":" + std::to_string(info.height) +
                    ",\"faces\":" + std::to_string(f.faces);
    if (f.box.width > 0)
        s += ",\"box\":[" + std::to_string(f.box.x) + "," + std::to_string(f.box.y) + "," +
             std::to_string(f.box.width) + "," + std::to_string(f.box.height) + "]";
    if (f.sharpness > 0) s += ",\"sharpness\":" + num(f.sharpness);
    s += ",\"detectMs\":" + num(f.detectMs) + ",\"embedMs\":" + num(f.embedMs);
    return s + "}";
}

std::string handleFace(Models& m, const std::string& id, const std::vector<uint8_t>& live,
                       const std::vector<uint8_t>& reference, double threshold) {
    auto start = Clock::now();
    // The two images are independent until the distance: each is decoded, searched and embedded on its own
    // thread (two cores: the wall time is about the slower image's, not the sum). Nothing below looks at more
    // than kFaceWorkingSide pixels, so a large JPEG decodes at 1/2, 1/4 or 1/8 of its size.
    struct Side {
        cv::Mat img;
        ImageInfo info;
        std::optional<ImageError> error;
        FaceResult face;
        double decodeMs = 0;
    };
    Side sides[2];
    auto work = [&](int i, const std::vector<uint8_t>& bytes, const char* name) {
        try {
            auto t = Clock::now();
            sides[i].error = decode(bytes, name, sides[i].img, sides[i].info, cv::IMREAD_COLOR, kFaceWorkingSide);
            sides[i].decodeMs = msSince(t);
            if (!sides[i].error) sides[i].face = embedFace(m.face[i], sides[i].img, i == 0, sides[i].info.reduction);
        } catch (const std::exception&) {
            sides[i].error = ImageError{name, "internal", "the worker failed on this image"};
        }
    };
    std::thread reference_thread(work, 1, std::cref(reference), "reference");
    work(0, live, "live");
    reference_thread.join();
    for (auto& side : sides) if (side.error) return errorResponse(id, *side.error);
    ImageInfo& liveInfo = sides[0].info;
    ImageInfo& refInfo = sides[1].info;
    FaceResult& lf = sides[0].face;
    FaceResult& rf = sides[1].face;
    double decodeMs = sides[0].decodeMs + sides[1].decodeMs;
    std::string head = "{\"id\":" + jsonString(id) + ",\"ok\":true,";
    std::string tail = "," + faceJSON("live", liveInfo, lf) + "," + faceJSON("reference", refInfo, rf) +
                       ",\"threshold\":" + num(threshold) + ",\"decodeMs\":" + num(decodeMs) +
                       ",\"ms\":" + num(msSince(start)) + "}";
    for (auto* pair : {&lf, &rf}) {
        if (!pair->reason.empty()) {
            std::string image = pair == &lf ? "live" : "reference";
            return head + "\"outcome\":\"cannot_tell\",\"reason\":" + jsonString(pair->reason) + ",\"image\":" +
                   jsonString(image) + ",\"detail\":" + jsonString(pair->detail) + tail;
        }
    }
    double distance = length(lf.descriptor - rf.descriptor);
    std::string outcome = distance < threshold ? "match" : "no_match";
    return head + "\"outcome\":" + jsonString(outcome) + ",\"distance\":" + num(distance) + tail;
}

// MARK: - Preview: a small JPEG for a screen (browsers show no JPEG 2000; a camera photo weighs megabytes)

constexpr int kPreviewSide = 360;
constexpr size_t kPreviewMaxBytes = 40 * 1024;  // base64 of it stays well under Kordon's 64 KiB answer line

std::string base64(const std::vector<uint8_t>& d) {
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((d.size() + 2) / 3 * 4);
    for (size_t i = 0; i < d.size(); i += 3) {
        uint32_t v = uint32_t(d[i]) << 16;
        if (i + 1 < d.size()) v |= uint32_t(d[i + 1]) << 8;
        if (i + 2 < d.size()) v |= d[i + 2];
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += i + 1 < d.size() ? table[(v >> 6) & 63] : '=';
        out += i + 2 < d.size() ? table[v & 63] : '=';
    }
    return out;
}

std::string handlePreview(const std::string& id, const std::vector<uint8_t>& data) {
    cv::Mat img, small;
    ImageInfo info;
    if (auto e = decode(data, "image", img, info, cv::IMREAD_COLOR, kPreviewSide)) return errorResponse(id, *e);
    double scale = double(kPreviewSide) / std::max(img.cols, img.rows);
    if (scale < 1.0) cv::resize(img, small, cv::Size(), scale, scale, cv::INTER_AREA);
    else small = img;
    std::vector<uint8_t> jpeg;
    for (int quality : {85, 70, 55, 40}) {
        jpeg.clear();
        cv::imencode(".jpg", small, jpeg, {cv::IMWRITE_JPEG_QUALITY, quality});
        if (jpeg.size() <= kPreviewMaxBytes) break;
    }
    if (jpeg.empty() || jpeg.size() > kPreviewMaxBytes) return errorResponse(id, {"image", "internal", "no preview"});
    return "{\"id\":" + jsonString(id) + ",\"ok\":true,\"format\":" + jsonString(info.format) + ",\"width\":" +
           std::to_string(info.width) + ",\"height\":" + std::to_string(info.height) + ",\"jpeg\":\"" + base64(jpeg) + "\"}";
}

// MARK: - Plates: localise bright rectangles, rectify, OCR one line, keep what fits a national pattern

struct PlateFormat {
    const char* country;
    const char* pattern;  // L letter, D digit, ' ' a space in the display form
};
// Ukraine (DSTU 3650): AA 1234 BB; Moldova: ABC 123.
const PlateFormat kFormats[] = {{"UKR", "LL DDDD LL"}, {"MDA", "LLL DDD"}};

char asLetter(char c) {
    switch (c) {
    case '0': return 'O'; case '1': return 'I'; case '8': return 'B'; case '5': return 'S';
    case '2': return 'Z'; case '6': return 'G'; case '4': return 'A'; case '7': return 'T';
    default: return c;
    }
}
char asDigit(char c) {
    switch (c) {
    case 'O': case 'Q': case 'D': case 'U': return '0'; case 'I': case 'L': case 'J': return '1';
    case 'B': return '8'; case 'S': return '5'; case 'Z': return '2'; case 'G': return '6'; case 'A': return '4';
    case 'T': return '7';
    default: return c;
    }
}

struct PatternFit {
    std::string display;
    const PlateFormat* format = nullptr;
    double confidence = 0;  // mean symbol confidence in the window, less a penalty per correction or extra
};

/// Fits raw OCR text to a national pattern, fixing letter/digit confusions by position. Every window of the
/// pattern's length is tried (OCR may add a stray character from the border or the strip); each correction
/// and each character left over costs confidence, so a clean read of one format beats a mended one of another.
std::optional<PatternFit> fitPattern(const std::string& raw, const std::vector<double>& conf) {
    std::optional<PatternFit> best;
    for (const auto& f : kFormats) {
        std::string compact;
        for (const char* p = f.pattern; *p; ++p) if (*p != ' ') compact += *p;
        if (raw.size() < compact.size() || raw.size() > compact.size() + 2) continue;
        for (size_t off = 0; off + compact.size() <= raw.size(); ++off) {
            std::string display;
            bool ok = true;
            int fixes = 0;
            double sum = 0;
            size_t k = 0;
            for (const char* p = f.pattern; *p && ok; ++p) {
                if (*p == ' ') { display += ' '; continue; }
                char c0 = raw[off + k];
                sum += conf[off + k++];
                char c = *p == 'L' ? asLetter(c0) : asDigit(c0);
                ok = *p == 'L' ? (c >= 'A' && c <= 'Z') : (c >= '0' && c <= '9');
                fixes += c != c0;
                display += c;
            }
            if (!ok) continue;
            double extra = double(raw.size() - compact.size());
            double score = sum / double(compact.size()) - 0.15 * fixes - 0.1 * extra;
            if (!best || score > best->confidence) best = PatternFit{display, &f, score};
        }
    }
    return best;
}

struct PlateRead {
    std::string text;
    const PlateFormat* format = nullptr;
    double confidence = 0;
    std::vector<cv::Point2f> corners;
};

std::optional<PlateRead> readCandidate(Models& m, const cv::Mat& grey, const cv::RotatedRect& rr) {
    cv::Point2f pts[4];
    rr.points(pts);
    // Order corners: top-left, top-right, bottom-right, bottom-left, with the long side horizontal.
    std::vector<cv::Point2f> c(pts, pts + 4);
    std::sort(c.begin(), c.end(), [](auto& a, auto& b) { return a.y < b.y; });
    if (c[0].x > c[1].x) std::swap(c[0], c[1]);
    if (c[2].x < c[3].x) std::swap(c[2], c[3]);
    std::vector<cv::Point2f> ordered = {c[0], c[1], c[2], c[3]};
    double w = cv::norm(ordered[1] - ordered[0]), h = cv::norm(ordered[3] - ordered[0]);
    if (w < h) {
        ordered = {c[3], c[0], c[1], c[2]};
        std::swap(w, h);
    }
    const int outH = 56;
    const int outW = int(std::lround(outH * w / std::max(h, 1.0)));
    if (outW < 100 || outW > 400) return std::nullopt;
    std::vector<cv::Point2f> dst = {{0, 0}, {float(outW), 0}, {float(outW), float(outH)}, {0, float(outH)}};
    cv::Mat rect;
    cv::warpPerspective(grey, rect, cv::getPerspectiveTransform(ordered, dst), cv::Size(outW, outH),
                        cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    // Drop the border, then the national strip: the bright region may or may not include the dark blue strip
    // on the left, so dark columns at the left edge are skipped rather than a fixed width.
    int x0 = int(outW * 0.02), x1 = int(outW * 0.985), y0 = int(outH * 0.10), y1 = int(outH * 0.92);
    cv::Mat inner = rect(cv::Rect(x0, y0, x1 - x0, y1 - y0)).clone();
    cv::Mat bin;
    cv::threshold(inner, bin, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    int strip = 0;
    for (int x = 0; x < bin.cols * 15 / 100; ++x) {
        if (cv::countNonZero(bin.col(x)) < bin.rows * 2 / 5) strip = x + 1;  // mostly dark, from the left edge
        else if (x > strip + 2) break;
    }
    if (strip > 0 && strip < bin.cols * 15 / 100) bin = bin(cv::Rect(strip + 1, 0, bin.cols - strip - 1, bin.rows)).clone();
    cv::copyMakeBorder(bin, bin, 8, 8, 8, 8, cv::BORDER_CONSTANT, cv::Scalar(255));
    m.ocr.SetImage(bin.data, bin.cols, bin.rows, 1, int(bin.step));
    if (m.ocr.Recognize(nullptr) != 0) return std::nullopt;
    // Characters and their confidences, symbol by symbol.
    std::string raw;
    std::vector<double> conf;
    std::unique_ptr<tesseract::ResultIterator> it(m.ocr.GetIterator());
    if (it) {
        do {
            std::unique_ptr<char[]> sym(it->GetUTF8Text(tesseract::RIL_SYMBOL));
            if (!sym) continue;
            for (const char* p = sym.get(); *p; ++p) {
                char ch = *p;
                if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
                    raw += ch;
                    conf.push_back(std::clamp(it->Confidence(tesseract::RIL_SYMBOL) / 100.0, 0.0, 1.0));
                }
            }
        } while (it->Next(tesseract::RIL_SYMBOL) && raw.size() < 32);
    }
    auto fit = fitPattern(raw, conf);
    if (!fit) return std::nullopt;
    PlateRead r;
    r.text = fit->display;
    r.format = fit->format;
    r.confidence = std::clamp(fit->confidence, 0.0, 1.0);
    r.corners = ordered;
    return r;
}

std::string handlePlate(Models& m, const std::string& id, const std::vector<uint8_t>& frame) {
    auto start = Clock::now();
    cv::Mat grey;
    ImageInfo info;
    if (auto e = decode(frame, "frame", grey, info, cv::IMREAD_GRAYSCALE)) return errorResponse(id, *e);
    if (!m.ocrReady) return errorResponse(id, {"", "unavailable", "Tesseract English data not found"});
    double decodeMs = msSince(start);
    double scale = 1.0;
    if (std::max(grey.cols, grey.rows) > 1280) {
        scale = 1280.0 / std::max(grey.cols, grey.rows);
        cv::resize(grey, grey, cv::Size(), scale, scale, cv::INTER_AREA);
    }
    // Candidates: a plate is a bright, closed, wide rectangle (EU plates 520x112 mm, aspect 4.6). Otsu and
    // two fixed levels and a local one (a white plate on a white car) find it on dark cars, bright cars and under uneven light.
    struct Candidate { cv::RotatedRect rr; double score; };
    std::vector<Candidate> cands;
    cv::Mat blur, bin;
    cv::GaussianBlur(grey, blur, cv::Size(5, 5), 0);
    double minArea = 0.002 * grey.total();
    for (int pass = 0; pass < 4; ++pass) {
        if (pass == 0) cv::threshold(blur, bin, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
        else if (pass < 3) cv::threshold(blur, bin, pass == 1 ? 150 : 200, 255, cv::THRESH_BINARY);
        else cv::adaptiveThreshold(blur, bin, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY, 51, -8);
        cv::morphologyEx(bin, bin, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(9, 3)));
        std::vector<std::vector<cv::Point>> contours;
        cv::findContours(bin, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
        for (auto& ct : contours) {
            if (ct.size() < 4) continue;
            double area = cv::contourArea(ct);
            if (area < minArea) continue;
            cv::RotatedRect rr = cv::minAreaRect(ct);
            double w = std::max(rr.size.width, rr.size.height), h = std::min(rr.size.width, rr.size.height);
            if (h < 10) continue;
            double aspect = w / h, fill = area / (w * h);
            if (aspect < 3.0 || aspect > 6.5 || fill < 0.75) continue;
            cands.push_back({rr, fill - std::abs(aspect - 4.64) * 0.1});
        }
    }
    std::sort(cands.begin(), cands.end(), [](auto& a, auto& b) { return a.score > b.score; });
    int tried = 0;
    std::optional<PlateRead> best;
    for (size_t i = 0; i < cands.size() && tried < 4; ++i) {
        bool dup = false;
        for (size_t j = 0; j < i; ++j)
            if (cv::norm(cands[i].rr.center - cands[j].rr.center) < 5) { dup = true; break; }
        if (dup) continue;
        ++tried;
        auto r = readCandidate(m, grey, cands[i].rr);
        if (r && (!best || r->confidence > best->confidence)) best = r;
        if (best && best->confidence >= kPlateGoodEnough) break;  // a clean read: stop
    }
    std::string head = "{\"id\":" + jsonString(id) + ",\"ok\":true,";
    std::string tail = ",\"candidates\":" + std::to_string(tried) + ",\"decodeMs\":" + num(decodeMs) +
                       ",\"ms\":" + num(msSince(start)) + "}";
    if (!best) return head + "\"found\":false" + tail;
    cv::Rect box = cv::boundingRect(best->corners);
    box = cv::Rect(int(box.x / scale), int(box.y / scale), int(box.width / scale), int(box.height / scale));
    return head + "\"found\":true,\"text\":" + jsonString(best->text) + ",\"country\":" +
           jsonString(best->format->country) + ",\"confidence\":" + num(best->confidence) + ",\"box\":[" +
           std::to_string(box.x) + "," + std::to_string(box.y) + "," + std::to_string(box.width) + "," +
           std::to_string(box.height) + "]" + tail;
}

// MARK: - Framing

bool readExact(std::vector<uint8_t>& buf, size_t n) {
    buf.resize(n);
    size_t got = 0;
    while (got < n) {
        size_t k = fread(buf.data() + got, 1, n - got, stdin);
        if (k == 0) return false;
        got += k;
    }
    return true;
}

/// Reads one header line of at most kMaxHeaderLine bytes. Returns false at end of input.
/// An over-long line is consumed to its end and reported as empty (a bad request).
bool readLine(std::string& line) {
    line.clear();
    bool overflow = false;
    int c;
    while ((c = fgetc(stdin)) != EOF) {
        if (c == '\n') { if (overflow) line.clear(); return true; }
        if (line.size() < kMaxHeaderLine) line += char(c); else overflow = true;
    }
    return !line.empty() && !overflow;
}

bool parseSize(const std::string& s, size_t& out) {
    if (s.empty() || s.size() > 9) return false;
    out = 0;
    for (char c : s) { if (c < '0' || c > '9') return false; out = out * 10 + size_t(c - '0'); }
    return true;
}

bool validId(const std::string& s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s) if (!isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    return true;
}

void respond(const std::string& json) {
    fwrite(json.data(), 1, json.size(), stdout);
    fputc('\n', stdout);
    fflush(stdout);
}

int serve(Models& m) {
    std::string line;
    while (readLine(line)) {
        std::istringstream in(line);
        std::vector<std::string> f;
        for (std::string w; in >> w && f.size() < 8;) f.push_back(w);
        std::string op = f.empty() ? "" : f[0];
        std::string id = f.size() > 1 && validId(f[1]) ? f[1] : "";
        auto bad = [&](const std::string& why) { respond(errorResponse(id, {"", "bad_request", why})); };
        if (id.empty()) { bad("header needs an operation and an id of letters, digits, '-' or '_'"); continue; }
        std::vector<size_t> lens;
        size_t want = op == "ping" ? 0 : op == "face" ? 2 : (op == "plate" || op == "probe" || op == "preview") ? 1 : SIZE_MAX;
        if (want == SIZE_MAX) { bad("unknown operation"); continue; }
        bool ok = f.size() >= 2 + want;
        for (size_t i = 0; ok && i < want; ++i) {
            size_t n;
            ok = parseSize(f[2 + i], n);
            if (ok) lens.push_back(n);
        }
        if (!ok) { bad("image lengths missing or not decimal numbers"); continue; }
        // Read every announced payload even if one is too large, so the stream stays in step.
        std::vector<std::vector<uint8_t>> images(want);
        bool eof = false, tooBig = false;
        for (size_t i = 0; i < want && !eof; ++i) {
            if (lens[i] > kMaxImageBytes) {
                tooBig = true;
                std::vector<uint8_t> sink;
                for (size_t left = lens[i]; left > 0 && !eof;) {
                    size_t n = std::min(left, size_t(1 << 20));
                    eof = !readExact(sink, n);
                    left -= n;
                }
            } else {
                eof = !readExact(images[i], lens[i]);
            }
        }
        if (eof) return 0;
        if (tooBig) {
            respond(errorResponse(id, {op == "face" ? (lens[0] > kMaxImageBytes ? "live" : "reference")
                                                   : (op == "plate" ? "frame" : "image"),
                                       "too_large", "image exceeds 20 MiB"}));
            continue;
        }
        try {
            if (op == "ping") {
                respond("{\"id\":" + jsonString(id) + ",\"ok\":true,\"worker\":\"kordon-biometrics\",\"version\":1}");
            } else if (op == "probe") {
                ImageInfo info;
                if (auto e = sniff(images[0], "image", info)) respond(errorResponse(id, *e));
                else respond("{\"id\":" + jsonString(id) + ",\"ok\":true,\"format\":" + jsonString(info.format) +
                             ",\"width\":" + std::to_string(info.width) + ",\"height\":" +
                             std::to_string(info.height) + "}");
            } else if (op == "preview") {
                respond(handlePreview(id, images[0]));
            } else if (op == "face") {
                double threshold = 0.6;
                if (f.size() > 4) {
                    char* end = nullptr;
                    double t = strtod(f[4].c_str(), &end);
                    if (!end || *end != 0 || !(t > 0 && t < 2)) { bad("threshold must be a number in (0, 2)"); continue; }
                    threshold = t;
                }
                respond(handleFace(m, id, images[0], images[1], threshold));
            } else {
                respond(handlePlate(m, id, images[0]));
            }
        } catch (const std::exception&) {
            respond(errorResponse(id, {"", "internal", "the worker failed on this request"}));
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // Tesseract's OpenMP team triples its time on a 2-core machine shared with the server.
    setenv("OMP_THREAD_LIMIT", "1", 0);
    // Defence in depth behind the header check: OpenCV's own decoder limit.
    setenv("OPENCV_IO_MAX_IMAGE_PIXELS", "24000000", 1);
    cv::setNumThreads(1);
    openblas_set_num_threads(1);  // one request at a time; the server's cores are shared
    std::string models = getenv("KORDON_BIOMETRICS_MODELS") ? getenv("KORDON_BIOMETRICS_MODELS") : "";
    std::string tessdata;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--models" && i + 1 < argc) models = argv[++i];
        else if (a == "--tessdata" && i + 1 < argc) tessdata = argv[++i];
        else if (a == "--help") {
            fprintf(stderr, "usage: kordon-biometrics [--models DIR] [--tessdata DIR]\n"
                            "Reads requests on stdin, answers on stdout; see Biometrics/PROTOCOL.md.\n");
            return 0;
        } else {
            fprintf(stderr, "kordon-biometrics: unknown argument\n");
            return 2;
        }
    }
    if (models.empty()) {
        fprintf(stderr, "kordon-biometrics: --models DIR (or KORDON_BIOMETRICS_MODELS) is required\n");
        return 2;
    }
    auto start = Clock::now();
    auto m = std::make_unique<Models>();
    try {
        deserialize(models + "/shape_predictor_5_face_landmarks.dat") >> m->face[0].landmarks;
        deserialize(models + "/dlib_face_recognition_resnet_model_v1.dat") >> m->face[0].net;
        m->face[1].landmarks = m->face[0].landmarks;
        m->face[1].net = m->face[0].net;
    } catch (const std::exception& e) {
        fprintf(stderr, "kordon-biometrics: cannot load the face models from the models folder\n");
        return 3;
    }
    m->ocrReady = m->ocr.Init(tessdata.empty() ? nullptr : tessdata.c_str(), "eng", tesseract::OEM_LSTM_ONLY) == 0;
    if (m->ocrReady) {
        m->ocr.SetPageSegMode(tesseract::PSM_SINGLE_LINE);
        m->ocr.SetVariable("tessedit_char_whitelist", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
        m->ocr.SetVariable("debug_file", "/dev/null");
    }
    fprintf(stderr, "kordon-biometrics: models loaded in %.0f ms%s\n", msSince(start),
            m->ocrReady ? "" : " (no Tesseract data: plates unavailable)");
    return serve(*m);
}
