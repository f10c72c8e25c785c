import Crypto
import Foundation

/// Content fingerprints used to recognise a report already stored.
public enum ContentHash {
    /// Lowercased, with typographic quotes and dashes folded and all runs of white space
    /// collapsed, so re-encoded or re-flowed copies of one text compare equal.
    public static func normalized(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            switch scalar {
            case "\u{2018}", "\u{2019}", "\u{201B}": out.append("'")
            case "\u{201C}", "\u{201D}", "\u{201E}", "\u{00AB}", "\u{00BB}": out.append("\"")
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}": out.append("-")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Lowercase hex SHA-256 of the UTF-8 bytes of `text`.
    public static func of(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
