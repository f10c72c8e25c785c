import Foundation
import SwapWatchMessages

/// Reports as people keep them in files: plain text (one report), a JSON report object, or JSON
/// Lines of report objects.
public enum ReportFiles {
    /// A plain-text file as one report, with the metadata given.
    public static func textReport(
        _ data: Data, id: String? = nil, published: String? = nil, outlet: String? = nil, url: String? = nil, title: String? = nil
    ) throws(ReportError) -> ReportInput {
        guard let text = String(validating: data, as: UTF8.self) else { throw ReportError.invalidUTF8 }
        return ReportInput(id: id, published: published, outlet: outlet, url: url, title: title, text: text)
    }

    /// One JSON report object.
    public static func jsonReport(_ data: Data) throws(ReportFileError) -> ReportInput {
        guard String(validating: data, as: UTF8.self) != nil else { throw ReportFileError("not valid UTF-8") }
        do {
            return try JSONDecoder().decode(ReportInput.self, from: data)
        } catch {
            throw ReportFileError("not a report object (\(error.localizedDescription))")
        }
    }

    /// JSON Lines of report objects; each line decodes on its own. Blank lines are skipped.
    public static func jsonLines(_ data: Data) -> [(line: Int, result: Result<ReportInput, ReportFileError>)] {
        var out: [(Int, Result<ReportInput, ReportFileError>)] = []
        for (index, line) in lines(data).enumerated() {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            do {
                out.append((index + 1, .success(try jsonReport(Data(line)))))
            } catch {
                out.append((index + 1, .failure(ReportFileError("line \(index + 1): \(error)"))))
            }
        }
        return out
    }

    /// The lines of a file, newline excluded (a byte scan over contiguous memory, not `Data.split`).
    public static func lines(_ data: Data) -> [ArraySlice<UInt8>] {
        let bytes = [UInt8](data)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            lines.append(bytes[start..<newline])
            start = newline + 1
        }
        lines.append(bytes[start...])
        return lines
    }
}

/// A file, or a line of one, that does not hold a report.
public struct ReportFileError: Error, CustomStringConvertible, Hashable, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
