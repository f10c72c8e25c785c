/// Names the language of a report that does not say (`language` absent) among English, Ukrainian
/// and Russian, by evidence no topic changes: the script of its letters, then, for Cyrillic, the
/// letters only one of the two alphabets has (і ї є ґ and the apostrophe inside a word are
/// Ukrainian; ы э ъ ё are Russian), then their most frequent short words.
///
/// Mixed text is read in the language of most of its letters: an English report quoting a Russian
/// phrase is English, a Ukrainian report with an English name in it is Ukrainian. Between Ukrainian
/// and Russian, a text with letters of both alphabets (a Ukrainian page quoting a Russian
/// statement) goes to the one with more; a tie is broken by the short words, and a Cyrillic text
/// with no evidence either way is Ukrainian (the reports SwapWatch reads in Cyrillic are mostly
/// Ukrainian). Text with too few letters to tell (fewer than 20) names no language.
public enum LanguageDetector {
    /// The primary subtag ("en", "uk", "ru"), or `nil` when the text does not show which.
    public static func detect(_ text: String) -> String? {
        // Without a Cyrillic letter (U+0400–U+04FF starts with byte D0–D3), counting Latin letters is
        // enough: one pass over the bytes, which most reports (in English) end with.
        var bytes = text
        let latinOnly: Int? = bytes.withUTF8 { utf8 in
            var letters = 0
            for byte in utf8 {
                if (0xD0...0xD3).contains(byte) { return nil }
                if (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) { letters += 1 }
            }
            return letters
        }
        if let latinOnly { return latinOnly >= 20 ? "en" : nil }
        var latin = 0
        var cyrillic = 0
        var ukrainianLetters = 0
        var russianLetters = 0
        var ukrainianWords = 0
        var russianWords = 0
        var word = ""
        func endWord() {
            if !word.isEmpty {
                if ukrainianStopWords.contains(word) { ukrainianWords += 1 }
                if russianStopWords.contains(word) { russianWords += 1 }
            }
            word = ""
        }
        var previousWasCyrillic = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) {
                latin += 1
                endWord()
                previousWasCyrillic = false
            } else if (0x400...0x4FF).contains(value) {
                cyrillic += 1
                let lower = Character(scalar).lowercased()
                switch lower {
                case "і", "ї", "є", "ґ": ukrainianLetters += 1
                case "ы", "э", "ъ", "ё": russianLetters += 1
                default: break
                }
                word += lower
                previousWasCyrillic = true
            } else if previousWasCyrillic && (scalar == "'" || scalar == "’" || scalar == "ʼ") {
                // An apostrophe inside a Cyrillic word (п'ять, м'ясо) is Ukrainian spelling.
                ukrainianLetters += 1
                word += "'"
            } else {
                endWord()
                previousWasCyrillic = false
            }
        }
        endWord()
        guard latin + cyrillic >= 20 else { return nil }
        guard cyrillic > latin else { return "en" }
        if ukrainianLetters != russianLetters { return ukrainianLetters > russianLetters ? "uk" : "ru" }
        return russianWords > ukrainianWords ? "ru" : "uk"
    }

    /// Frequent short words of one language and not the other.
    static let ukrainianStopWords: Set<String> = [
        "та", "що", "це", "як", "від", "він", "вона", "вони", "але", "або", "щодо", "також", "якщо", "коли", "де", "вже", "ще", "цього", "його", "їх",
        "між", "після",
    ]
    static let russianStopWords: Set<String> = [
        "и", "что", "это", "как", "от", "он", "она", "они", "но", "или", "также", "если", "когда", "где", "уже", "ещё", "еще", "его", "их", "между",
        "после", "был", "была", "были",
    ]
}
