import AsyncHTTPClient
import Foundation
import NIOCore
import SwapWatchMessages
import SwapWatchTesting
import Testing

/// A headless Chromium driven over the W3C WebDriver protocol (JSON over HTTP to Debian's
/// `chromedriver`, on 127.0.0.1).
final class Browser {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first { FileManager.default.isExecutableFile(atPath: $0) }
    /// `make test` (and so CI) installs Chromium and requires this test; elsewhere it is skipped
    /// when Chromium is missing.
    static let required = ProcessInfo.processInfo.environment["SWAPWATCH_REQUIRE_BROWSER"] == "1"
    static var available: Bool { chromium != nil && driver != nil }

    let process: RunningProcess
    let base: String
    let session: String

    private init(process: RunningProcess, base: String, session: String) { (self.process, self.base, self.session) = (process, base, session) }

    /// Starts the driver and a browser session with a phone-sized window.
    static func start(width: Int = 412, height: Int = 915) async throws -> Browser {
        guard let chromium, let driver else {
            throw HarnessError("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
        }
        for _ in 0..<5 {
            let port = try freePort()
            let process = try RunningProcess(executable: URL(fileURLWithPath: driver), arguments: ["--port=\(port)"], standardOutput: Pipe())
            let base = "http://127.0.0.1:\(port)"
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, process.isRunning {
                if let ready = try? await call(base, "GET", "/status", nil) as? [String: Any], ready["ready"] as? Bool == true {
                    let capabilities: [String: Any] = [
                        "capabilities": [
                            "alwaysMatch": [
                                "browserName": "chrome",
                                "goog:chromeOptions": [
                                    "binary": chromium,
                                    "args": [
                                        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                        "--window-size=\(width),\(height)",
                                    ],
                                ],
                            ]
                        ]
                    ]
                    let created = try await call(base, "POST", "/session", capabilities) as? [String: Any]
                    guard let session = created?["sessionId"] as? String else {
                        throw HarnessError("no browser session: \(String(describing: created))")
                    }
                    return Browser(process: process, base: base, session: session)
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            process.kill9()
        }
        throw HarnessError("chromedriver did not start")
    }

    /// A port nothing listens on now (the driver takes it a moment later; `start` retries if not).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw HarnessError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// One WebDriver command; its `value`.
    static func call(_ base: String, _ method: String, _ path: String, _ body: [String: Any]?) async throws -> Any? {
        var request = HTTPClientRequest(url: base + path)
        request.method = .RAW(value: method)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let data = Data(buffer: try await response.body.collect(upTo: 64 << 20))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        if response.status.code >= 400 {
            throw HarnessError("WebDriver \(method) \(path): \(response.status.code) \(String(decoding: data, as: UTF8.self).prefix(500))")
        }
        return object?["value"] ?? nil
    }

    func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        try await Self.call(base, method, "/session/\(session)\(path)", body)
    }

    func open(_ url: String) async throws { _ = try await command("POST", "/url", ["url": url]) }

    /// Runs `script` in the page and returns what it returns.
    func run(_ script: String) async throws -> Any? { try await command("POST", "/execute/sync", ["script": script, "args": [Any]()]) }

    func text(_ script: String) async throws -> String { try await run(script) as? String ?? "" }

    /// A PNG of the window, written to `.build/test-artifacts/NAME.png`; returns the path.
    @discardableResult
    func screenshot(_ name: String) async throws -> String {
        guard let encoded = try await command("GET", "/screenshot") as? String, let png = Data(base64Encoded: encoded) else {
            throw HarnessError("no screenshot")
        }
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(name).png")
        try png.write(to: file)
        return file.path
    }

    func quit() async {
        _ = try? await Self.call(base, "DELETE", "/session/\(session)", nil)
        process.terminate()
        _ = process.waitForExit(within: 5)
    }
}

extension WebServiceIntegrationTests {
    /// A real browser loads the front page and an exchange's page, the test reads the rendered
    /// DOM, and an alert raised while the page is open appears in it without a reload.
    @Test(.enabled(if: Browser.available || Browser.required, "needs chromium and chromium-driver"))
    func aBrowserShowsTheExchangesTheTimelineAndALiveAlert() async throws {
        let stack = try TestStack(workers: 1)
        try stack.startWeb()
        let first = try stack.cli(
            ["submit", "--id", "may18", "--outlet", "Fixture", "--published", "2025-05-18T12:00:00Z", fixture("may18.txt").path] + stack.clientFlags)
        #expect(first.status == 0)
        let browser = try await Browser.start()
        do {
            try await browser.open(stack.web + "/")
            #expect(try await browser.text("return document.querySelector('h1').textContent") == "Prisoner exchanges")
            #expect(
                try await browser.text("return document.querySelector('#exchanges tbody tr th a').textContent") == "Russia–Ukraine prisoners")
            #expect(try await browser.text("return document.querySelector('#exchanges tbody tr td:nth-child(3)').textContent") == "1,000 per side")
            try await eventually(within: 10, "the page's event stream is open") {
                try await browser.text("return document.getElementById('live-status').textContent").hasPrefix("Live")
            }
            #expect(try await browser.run("return document.querySelectorAll('#alert-rows tr').length") as? Int == 2)
            // Mark this page load: a reload would lose the mark.
            _ = try await browser.run("window.swapwatchTestMark = 1; return 1")
            try await browser.screenshot("web-front-page")

            let second = try stack.cli(
                ["submit", "--id", "jun02", "--outlet", "Fixture", "--published", "2025-06-02T18:00:00Z", fixture("jun02.txt").path]
                    + stack.clientFlags)
            #expect(second.status == 0)
            try await eventually(within: 5, "the new alert in the page") {
                try await browser.run("return document.querySelectorAll('#alert-rows tr').length") as? Int == 3
            }
            #expect(try await browser.run("return window.swapwatchTestMark") as? Int == 1)
            #expect(try await browser.text("return document.querySelector('#alert-rows tr').dataset.seq") == "3")
            #expect(
                try await browser.text("return document.querySelector('#alert-rows tr td:nth-child(4)').textContent").contains("1,000–1,200 per side")
            )
            try await browser.screenshot("web-front-page-live-alert")

            // The exchange's page: the drawn timeline, its marks linked to the report rows.
            try await browser.open(stack.web + "/exchanges/russia-ukraine-prisoners-1")
            #expect(try await browser.run("return document.querySelectorAll('svg.timeline a.mark').length") as? Int == 3)
            #expect(try await browser.text("return document.querySelector('svg.timeline').getAttribute('role')") == "img")
            let rendered = try await browser.run("return document.querySelector('svg.timeline').getBoundingClientRect().width") as? Double ?? 0
            #expect(rendered > 300)
            let targets = try await browser.run(
                "return Array.from(document.querySelectorAll('svg.timeline a.mark')).map(a => document.getElementById(a.getAttribute('href').slice(1)) !== null)"
            )
            #expect((targets as? [Bool]) == [true, true, true])
            // Newest first: the report that says it was carried out, with its quote.
            #expect(
                try await browser.text("return document.querySelector('#history tbody tr blockquote').textContent").contains("held a 1,000-for-1,000")
            )
            #expect(try await browser.run("return document.querySelectorAll('svg.timeline a.mark-completed').length") as? Int == 1)
            // No horizontal scrolling of the page on a phone: wide tables scroll in their own box.
            #expect(try await browser.run("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool == true)
            try await browser.screenshot("web-exchange-page")
        } catch {
            await browser.quit()
            throw error
        }
        await browser.quit()
        #expect(stack.stop().isEmpty)
    }
}
