/// Every pub/sub topic, in one place. A message on the bus is two frames: topic, then envelope.
public enum Topics {
    /// Prefix of every alert: subscribe to it for all alerts.
    public static let alerts = "alert."
    /// `alert.<field>.<exchange id>`: filter by field (`alert.size.`) or exchange.
    public static func alert(field: ExpectationField, exchangeID: String) -> String {
        "alert.\(field.rawValue).\(exchangeID)"
    }

    /// The notifier's heartbeat carrying the last alert sequence number.
    public static let alertsHeartbeat = "heartbeat.alerts"
    /// Prefix of the store's outbox events.
    public static let events = "event."
    /// `event.expectation.<exchange id>`.
    public static func expectationChanged(exchangeID: String) -> String { "event.expectation.\(exchangeID)" }
}

/// Default endpoints: everything on one machine over loopback.
public enum DefaultEndpoints {
    /// Clients send reports here (the bus's ROUTER frontend).
    public static let submit = "tcp://127.0.0.1:5550"
    /// Ingest workers connect here for work (the bus's DEALER backend).
    public static let workers = "tcp://127.0.0.1:5551"
    /// Publishers connect here (the bus's XSUB side).
    public static let publish = "tcp://127.0.0.1:5552"
    /// Subscribers connect here (the bus's XPUB side).
    public static let subscribe = "tcp://127.0.0.1:5553"
    /// The claim store's request socket.
    public static let store = "tcp://127.0.0.1:5554"
    /// The notifier's snapshot socket.
    public static let notifier = "tcp://127.0.0.1:5555"
}
