import ServiceSupport
import Testing

@testable import WebService

@Suite struct WebSettingsTests {
    func settings(_ arguments: [String]) -> WebSettings {
        WebSettings(reader: SettingsReader(arguments: ["swapwatch-web"] + arguments, environment: [:]))
    }

    @Test(arguments: [
        ["--web-bind", "8080"], ["--web-bind", "127.0.0.1:99999"], ["--web-public-url", "ftp://example.org"],
        ["--webhooks-retry-for", "inf"], ["--webhooks-retry-for", "a day"], ["--webhooks-retry-for", "0"], ["--webhooks-first-retry", "-1"],
        ["--webhooks-first-retry", "nan"],
    ])
    func settingsThatCannotWorkAreRefusedWithTheirName(_ arguments: [String]) {
        #expect {
            try WebService(settings: settings(arguments))
        } throws: { error in
            (error as? SettingsError)?.description.contains(arguments[0]) == true
        }
    }

    @Test func theDefaultsWork() throws {
        let service = try WebService(settings: settings([]))
        #expect(service.address.host == "127.0.0.1" && service.address.port == 8080)
        #expect(service.retryPolicy == RetryPolicy(firstDelay: .seconds(1), giveUpAfter: .seconds(86_400)))
        let custom = try WebService(
            settings: settings(["--web-bind", "0.0.0.0:0", "--web-public-url", "https://swapwatch.example/", "--webhooks-retry-for", "3600"]))
        #expect(custom.publicURL == "https://swapwatch.example" && custom.retryPolicy.giveUpAfter == .seconds(3600))
    }
}
