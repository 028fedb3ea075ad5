/// The check screen's words for photos and camera frames (issue 13 item 6), Ukrainian first.
extension ConsoleText {
    static let biometricsCatalogue: [String: (uk: String, en: String)] = [
        "faceTitle": ("Обличчя", "Face"),
        "faceLive": ("Живе фото", "Live photo"),
        "faceLiveHint": ("камера кабіни або файл", "booth camera or a file"),
        "faceReference": ("Фото з документа", "Document photo"),
        "faceReferenceHint": ("DG2 з чипа або скан сторінки даних", "the chip's DG2 or a scan of the data page"),
        "faceSourceChip": ("чип (DG2)", "chip (DG2)"),
        "faceSourcePage": ("сторінка даних", "data page"),
        "faceHelp": (
            "Додайте обидва фото, щоб порівняти обличчя; фото не зберігаються, лише результат.",
            "Add both photos to compare the faces; the photos are not stored, only the result."
        ),
        "faceBothNeeded": (
            "додайте і живе фото, і фото з документа (або жодного)", "choose both the live photo and the document photo, or neither"
        ),
        "useCamera": ("Камера", "Use camera"),
        "takePhoto": ("Зробити фото", "Take photo"),
        "faceUnavailable": (
            "Порівняння облич недоступне в цій установці.", "Face comparison is not available on this installation."
        ),
        "plateFrame": ("або кадр з камери", "or a camera frame"),
        "plateUnavailable": (
            "зчитування номерів з кадру недоступне в цій установці; введіть номер", "reading plates from a camera frame is not available on this installation; type the plate"
        ),
        "faceMatch": ("ЗБІГАЄТЬСЯ", "MATCH"),
        "faceNoMatch": ("НЕ ЗБІГАЄТЬСЯ", "NO MATCH"),
        "faceCannotTell": ("НЕМОЖЛИВО ВИЗНАЧИТИ", "CANNOT TELL"),
        "faceNoMatchAdvice": (
            "Обличчя не відповідає документу: на другу лінію.", "The face does not match the document: refer."
        ),
        "faceNotCompared": ("Обличчя не порівняно", "Face not compared"),
        "faceDistance": ("Відстань", "Distance"),
        "faceThreshold": ("Поріг", "Threshold"),
        "faceTime": ("Час", "Time"),
        "facePhotoNotShown": ("цей формат браузер не показує", "this browser cannot show this format"),
        "faceReason_no_face": ("обличчя не знайдено", "no face found"),
        "faceReason_several_faces": ("кілька облич", "several faces"),
        "faceReason_too_small": ("обличчя замале", "the face is too small"),
        "faceReason_too_blurred": ("обличчя розмите", "the face is too blurred"),
        "faceImage_live": ("живе фото", "live photo"),
        "faceImage_reference": ("фото з документа", "document photo"),
        "plateRead": ("Номер з кадру", "Plate read from the frame"),
        "plateConfidence": ("Впевненість", "Confidence"),
        "plateWatchlistHit": ("У РОЗШУКУ: викрадений транспорт", "WATCHLIST HIT: stolen vehicle"),
        "plateWatchlistClear": ("у розшуку не значиться", "not on any watchlist"),
        "plateWatchlist": ("Розшук", "Watchlist"),
    ]
}
