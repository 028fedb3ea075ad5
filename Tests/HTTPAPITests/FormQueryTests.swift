@testable import HTTPAPI
import Testing

/// A console page's GET form arrives `application/x-www-form-urlencoded`: `+` is a space, `%2B` a plus.
@Suite("Console form queries")
struct FormQueryTests {
    @Test("a plus is a space, an escaped plus a plus, escapes decoded after")
    func decoding() {
        let query = FormQuery("name=Karimov+Rustam&q=%D0%9A%D0%B0%D1%80%D0%B8%D0%BC%D0%BE%D0%B2+%D0%A0%D1%83%D1%81%D1%82%D0%B0%D0%BC&document=AB%2B12&empty=&flag&name=second")
        #expect(query.get("name") == "Karimov Rustam", "the first of a repeated key")
        #expect(query.get("q") == "Каримов Рустам")
        #expect(query.get("document") == "AB+12")
        #expect(query.get("empty") == "")
        #expect(query.get("flag") == "")
        #expect(query.get("missing") == nil)
    }

    @Test("a broken escape is kept as written, never dropped")
    func brokenEscape() {
        #expect(FormQuery("name=50%+off").get("name") == "50% off")
        #expect(FormQuery("name=%E0%A4").get("name") == "%E0%A4")
        #expect(FormQuery(nil).get("name") == nil)
    }
}
