import Foundation
import ReportText
import SwapWatchMessages

/// Reading reports from files and standard input.
enum ReportReading {
    /// The bytes of a file, or of standard input for "-".
    static func data(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
        return data
    }

    /// A plain-text file as one report, with metadata from flags.
    static func textReport(_ data: Data, id: String?, published: String?, outlet: String?, url: String?, title: String?) throws -> ReportInput {
        guard let text = String(validating: data, as: UTF8.self) else { throw ReportError.invalidUTF8 }
        return ReportInput(id: id, published: published, outlet: outlet, url: url, title: title, text: text)
    }

    /// JSON Lines of report objects; each line decodes on its own. Blank lines are skipped.
    static func jsonLines(_ data: Data) -> [(line: Int, result: Result<ReportInput, CLIError>)] {
        var out: [(Int, Result<ReportInput, CLIError>)] = []
        let decoder = JSONDecoder()
        for (index, line) in lines(data).enumerated() {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            guard String(validating: line, as: UTF8.self) != nil else {
                out.append((index + 1, .failure(CLIError("line \(index + 1): not valid UTF-8"))))
                continue
            }
            do {
                out.append((index + 1, .success(try decoder.decode(ReportInput.self, from: Data(line)))))
            } catch {
                out.append((index + 1, .failure(CLIError("line \(index + 1): not a report object (\(error.localizedDescription))"))))
            }
        }
        return out
    }

    /// The lines of a file, newline excluded (a byte scan over contiguous memory, not `Data.split`).
    static func lines(_ data: Data) -> [ArraySlice<UInt8>] {
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

/// An error the CLI reports in one line.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
