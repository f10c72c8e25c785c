import Foundation

/// Why a test harness gave up.
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// A process started for a test whose standard error is read line by line as it is written (and
/// copied to a log file), so a test waits for the line that says something happened (a readiness
/// line, a retry notice) instead of sleeping and hoping.
public final class RunningProcess: @unchecked Sendable {
    public let process: Process
    private let condition = NSCondition()
    private var lines: [String] = []
    private var partial = Data()
    private var ended = false
    private var exited = false

    /// Starts `executable` with `arguments`; standard output goes to `standardOutput` (discarded
    /// when `nil`), standard error to `log` and to the lines tests wait for.
    public init(executable: URL, arguments: [String], log: URL? = nil, standardOutput: Pipe? = nil) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = standardOutput ?? FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        let logHandle = log.flatMap { url -> FileHandle? in
            if !FileManager.default.fileExists(atPath: url.path) { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
            let handle = try? FileHandle(forWritingTo: url)
            _ = try? handle?.seekToEnd()
            return handle
        }
        // A thread of its own reads the pipe with blocking reads. Not `readabilityHandler`: its
        // dispatch source can outlive the descriptor it watches, and libdispatch's event loop on
        // Linux then crashes the whole test process (seen here: a bad pointer in
        // _dispatch_event_loop_drain while many stacks were starting and stopping).
        let reading = errors.fileHandleForReading
        let reader = Thread { [weak self] in
            while true {
                let data = reading.availableData
                logHandle?.write(data)
                self?.append(data)
                if data.isEmpty { break }
            }
            try? logHandle?.close()
        }
        reader.name = "stderr of \(executable.lastPathComponent)"
        process.terminationHandler = { [weak self] _ in
            guard let self else { return }
            condition.lock()
            exited = true
            condition.broadcast()
            condition.unlock()
        }
        try process.run()
        reader.start()
    }

    /// Waits up to `seconds` for the process to exit; returns whether it did.
    @discardableResult
    public func waitForExit(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while !exited {
            if !condition.wait(until: deadline) { return exited }
        }
        return true
    }

    private func append(_ data: Data) {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        guard !data.isEmpty else {
            if !partial.isEmpty { lines.append(String(decoding: partial, as: UTF8.self)) }
            ended = true
            return
        }
        partial.append(data)
        while let newline = partial.firstIndex(of: 0x0A) {
            lines.append(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
            partial = Data(partial[(newline + 1)...])
        }
    }

    /// Every line written to standard error so far.
    public var errorLines: [String] {
        condition.lock()
        defer { condition.unlock() }
        return lines
    }

    /// Waits until `count` lines that satisfy `matches` have been written to standard error and
    /// returns them.
    /// - Throws: ``HarnessError`` when the process ends or `seconds` pass first.
    @discardableResult
    public func waitForLines(_ count: Int = 1, within seconds: Double = 30, where matches: (String) -> Bool) throws -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while true {
            let found = lines.filter(matches)
            if found.count >= count { return Array(found.prefix(count)) }
            if ended { throw HarnessError("\(name) ended before writing the line awaited; it wrote:\n\(lines.suffix(20).joined(separator: "\n"))") }
            if !condition.wait(until: deadline) {
                throw HarnessError(
                    "\(name) did not write the line awaited within \(seconds) s; it wrote:\n\(lines.suffix(20).joined(separator: "\n"))")
            }
        }
    }

    private var name: String { process.executableURL?.lastPathComponent ?? "process" }

    public var isRunning: Bool { process.isRunning }
    public var terminationStatus: Int32 { process.terminationStatus }
    public func waitUntilExit() { process.waitUntilExit() }
    /// SIGTERM.
    public func terminate() { process.terminate() }

    /// SIGKILL, then waits for the process to be gone: no chance to flush, commit or say goodbye.
    public func kill9() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
