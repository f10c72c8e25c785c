import AlertSigning
import Foundation
import ServiceSupport

/// The real executables of the stack (bus, claim store, notifier, ingest workers), started for a
/// test in a fresh directory with real SQLite files. Every socket binds port 0 (`tcp://127.0.0.1:*`)
/// and the harness reads the port chosen from the service's readiness line (`listening
/// socket=… endpoint=…`), so no two tests can race for a port and nothing waits by sleeping. A
/// restarted service binds the port it had. The notifier signs alerts with a key made for the
/// stack; `subscriberFlags` check them.
public final class TestStack {
    /// Where the databases, the alert sink and each service's log live.
    public let directory: URL
    /// Where each bound socket listens, by `<service>.<socket>`: `bus.submit`, `store.requests`.
    public private(set) var endpoints: [String: String] = [:]
    private var services: [String: RunningProcess] = [:]
    private var commands: [String: () -> (executable: String, arguments: [String], sockets: [String])] = [:]

    /// Starts the bus, the store, the notifier and `workers` ingest workers, each once it is ready.
    /// With `faultCrashMarker`, a worker aborts on a report whose text contains it (test only).
    /// `languages` are the workers' `--extraction-languages` (their default when `nil`).
    public init(workers: Int = 2, faultCrashMarker: String? = nil, languages: String? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("swapwatch-it-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try AlertKeys.generate(in: path("keys"))
        try StackKeys.generate(in: path("keys"))
        try define("bus", "swapwatch-bus", sockets: ["submit", "workers", "publish", "subscribe"]) { [unowned self] in
            ["submit", "workers", "publish", "subscribe"].flatMap { ["--bus-\($0)-bind", bindable("bus.\($0)")] } + ["--keys-dir", path("keys")]
        }
        try define("store", "swapwatch-store", sockets: ["requests"]) { [unowned self] in
            [
                "--database", path("store.sqlite"), "--store-bind", bindable("store.requests"), "--publish-endpoint", endpoint("bus.publish"),
                "--keys-dir", path("keys"),
            ]
        }
        try define("notifier", "swapwatch-notifier", sockets: ["snapshots"]) { [unowned self] in
            [
                "--alerts-database", path("alerts.sqlite"),
                "--publish-endpoint", endpoint("bus.publish"), "--store-endpoint", endpoint("store.requests"),
                "--notifier-bind", bindable("notifier.snapshots"), "--alert-sink", path("alerts.jsonl"),
                "--alert-signing-key", path("keys/\(AlertKeys.privateFile)"), "--keys-dir", path("keys"),
            ]
        }
        for n in 1...workers {
            try define("ingest-\(n)", "swapwatch-ingest", sockets: []) { [unowned self] in
                [
                    "--workers-endpoint", endpoint("bus.workers"), "--store-endpoint", endpoint("store.requests"), "--worker-id", "ingest-\(n)",
                    "--keys-dir", path("keys"),
                ]
                    + (faultCrashMarker.map { ["--fault-crash-marker", $0] } ?? []) + (languages.map { ["--extraction-languages", $0] } ?? [])
            }
        }
    }

    /// Starts `swapwatch-feeds` against this stack (its state in `feeds.sqlite`, its status socket
    /// as `feeds.status`), with `arguments` added (`--feeds`, `--inbox`, `--feeds-interval`…).
    public func startFeeds(_ arguments: [String]) throws {
        try define("feeds", "swapwatch-feeds", sockets: ["status"]) { [unowned self] in
            [
                "--feeds-bind", bindable("feeds.status"), "--submit-endpoint", endpoint("bus.submit"), "--feeds-database", path("feeds.sqlite"),
                "--keys-dir", path("keys"),
            ] + arguments
        }
    }

    /// Starts `swapwatch-web` against this stack (its archive in `web.sqlite`, its pages at
    /// `web.http`, an http:// address, its webhook registry at `web.webhooks`), with `arguments` added.
    public func startWeb(_ arguments: [String] = []) throws {
        try define("web", "swapwatch-web", sockets: ["webhooks", "http"]) { [unowned self] in
            [
                "--web-bind", endpoints["web.http"].map { String($0.dropFirst("http://".count)) } ?? "127.0.0.1:0",
                "--webhooks-bind", bindable("web.webhooks"), "--web-database", path("web.sqlite"), "--store-endpoint", endpoint("store.requests"),
                "--subscribe-endpoint", endpoint("bus.subscribe"), "--notifier-endpoint", endpoint("notifier.snapshots"), "--keys-dir", path("keys"),
            ] + arguments
        }
    }

    /// The path of `name` in the stack's directory.
    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Where a socket listens (`bus.submit`), known once its service is ready.
    public func endpoint(_ socket: String) -> String { endpoints[socket] ?? "tcp://127.0.0.1:1" }

    /// A socket's bound endpoint to bind again, or a free port for its first start.
    private func bindable(_ socket: String) -> String { endpoints[socket] ?? "tcp://127.0.0.1:*" }

    /// Flags that point the `swapwatch` CLI at this stack.
    public var clientFlags: [String] {
        [
            "--submit-endpoint", endpoint("bus.submit"), "--subscribe-endpoint", endpoint("bus.subscribe"),
            "--store-endpoint", endpoint("store.requests"), "--notifier-endpoint", endpoint("notifier.snapshots"), "--keys-dir", path("keys"),
        ]
    }

    /// The public key alerts are signed with, as a file (`--alert-key`).
    public var alertKey: String { path("keys/\(AlertKeys.publicFile)") }

    /// `clientFlags` and the alert key, for `swapwatch alerts`.
    public var subscriberFlags: [String] {
        clientFlags + ["--alert-key", alertKey]
    }

    private func define(
        _ name: String, _ executable: String, sockets: [String], arguments: @escaping () -> [String]
    ) throws {
        commands[name] = { (executable, arguments(), sockets) }
        try start(name)
    }

    /// Starts a service (again, with the same flags and ports) and waits until it is ready: every
    /// socket it binds listening, or for a worker, its first log line.
    public func start(_ name: String) throws {
        guard let command = commands[name]?() else { throw HarnessError("no service named \(name)") }
        let process = try RunningProcess(
            executable: Self.binary(command.executable), arguments: command.arguments,
            log: directory.appendingPathComponent("\(name).log"))
        services[name] = process
        if command.sockets.isEmpty {
            try process.waitForLines { $0.contains(" up") }
            return
        }
        for line in try process.waitForLines(command.sockets.count, where: { $0.hasSuffix(" listening") }) {
            guard let socket = Self.field("socket", in: line), let endpoint = Self.field("endpoint", in: line) else {
                throw HarnessError("unreadable readiness line from \(name): \(line)")
            }
            endpoints["\(name).\(socket)"] = endpoint
        }
    }

    /// The value of `key=value` in a log line.
    private static func field(_ key: String, in line: String) -> String? {
        line.split(separator: " ").first { $0.hasPrefix("\(key)=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    /// The running process of a service.
    public func service(_ name: String) -> RunningProcess? { services[name] }

    /// SIGKILL to a service: no chance to flush, commit or say goodbye.
    public func kill9(_ name: String) {
        services[name]?.kill9()
    }

    /// Starts the CLI; its standard output collects in the returned pipe, its standard error in
    /// the process's lines.
    public func background(_ arguments: [String]) throws -> (process: RunningProcess, output: Pipe) {
        let output = Pipe()
        let process = try RunningProcess(executable: Self.binary("swapwatch"), arguments: arguments, standardOutput: output)
        return (process, output)
    }

    /// Runs the CLI to completion and returns its exit status and standard output.
    public func cli(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Self.runCLI(arguments)
    }

    /// Runs the CLI to completion, no stack needed (`score`, `replay`).
    public static func runCLI(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let output = Pipe()
        let running = try RunningProcess(executable: binary("swapwatch"), arguments: arguments, standardOutput: output)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        running.waitUntilExit()
        return (running.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// SIGTERM to every service; returns the names of those still alive after `seconds` (then
    /// killed).
    public func stop(within seconds: Double = 3) -> [String] {
        for service in services.values where service.isRunning { service.terminate() }
        let deadline = Date().addingTimeInterval(seconds)
        for service in services.values { service.waitForExit(within: max(0, deadline.timeIntervalSinceNow)) }
        let alive = services.filter { $0.value.isRunning }.map(\.key).sorted()
        for service in services.values { service.kill9() }
        return alive
    }

    deinit {
        _ = stop(within: 0.5)
        try? FileManager.default.removeItem(at: directory)
    }

    /// A built executable of this package: the test bundle sits next to them.
    public static func binary(_ name: String) -> URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent(name)
    }
}
