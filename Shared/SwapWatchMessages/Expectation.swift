/// An interval of people per side; `nil` means "no bound".
public struct SizeInterval: Hashable, Sendable, Codable, CustomStringConvertible {
    @ExplicitNull public var min: Int?
    @ExplicitNull public var max: Int?

    public init(min: Int?, max: Int?) {
        self.min = min
        self.max = max
    }

    public static func exactly(_ n: Int) -> SizeInterval { SizeInterval(min: n, max: n) }

    /// Whether every value of `other` lies in this interval.
    public func contains(_ other: SizeInterval) -> Bool {
        let lowOK = min.map { low in other.min.map { $0 >= low } ?? false } ?? true
        let highOK = max.map { high in other.max.map { $0 <= high } ?? false } ?? true
        return lowOK && highOK
    }

    /// The overlap of two intervals, or `nil` if they are disjoint.
    public func intersection(_ other: SizeInterval) -> SizeInterval? {
        let low = [min, other.min].compactMap { $0 }.max()
        let high = [max, other.max].compactMap { $0 }.min()
        if let low, let high, low > high { return nil }
        return SizeInterval(min: low, max: high)
    }

    public var description: String {
        switch (min, max) {
        case (let low?, let high?) where low == high: Self.grouped(low)
        case (let low?, let high?): "\(Self.grouped(low))–\(Self.grouped(high))"
        case (let low?, nil): "at least \(Self.grouped(low))"
        case (nil, let high?): "up to \(Self.grouped(high))"
        case (nil, nil): "unknown"
        }
    }

    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}

/// The expected size of an exchange: the same interval for both sides, or one per side
/// when the swap is not one-for-one (`{"sides": {"Israel": {...}, "Hamas": {...}}}`).
public enum SizeValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case perSide(SizeInterval)
    case sides([String: SizeInterval])

    /// Whether this value is as wide as or wider than `other` on every side.
    public func contains(_ other: SizeValue) -> Bool {
        switch (self, other) {
        case (.perSide(let a), .perSide(let b)): a.contains(b)
        case (.sides(let a), .sides(let b)): a.keys == b.keys && a.allSatisfy { key, value in b[key].map(value.contains) ?? false }
        default: false
        }
    }

    public var description: String {
        switch self {
        case .perSide(let interval): "\(interval) per side"
        case .sides(let sides): sides.keys.sorted().map { "\($0): \(sides[$0]!)" }.joined(separator: ", ")
        }
    }

    enum CodingKeys: String, CodingKey { case sides }

    public init(from decoder: Decoder) throws {
        let keyed = try decoder.container(keyedBy: CodingKeys.self)
        if keyed.contains(.sides) {
            self = .sides(try keyed.decode([String: SizeInterval].self, forKey: .sides))
        } else {
            self = .perSide(try SizeInterval(from: decoder))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .perSide(let interval): try interval.encode(to: encoder)
        case .sides(let sides):
            var keyed = encoder.container(keyedBy: CodingKeys.self)
            try keyed.encode(sides, forKey: .sides)
        }
    }
}

/// The expected date window; `nil` bounds mean "no bound", both `nil` means "unknown"
/// (what a postponement leaves).
public struct DateWindow: Hashable, Sendable, Codable, CustomStringConvertible {
    @ExplicitNull public var earliest: Day?
    @ExplicitNull public var latest: Day?

    public init(earliest: Day?, latest: Day?) {
        self.earliest = earliest
        self.latest = latest
    }

    public static func on(_ day: Day) -> DateWindow { DateWindow(earliest: day, latest: day) }
    public static let unknown = DateWindow(earliest: nil, latest: nil)

    public func contains(_ other: DateWindow) -> Bool {
        let lowOK = earliest.map { low in other.earliest.map { $0 >= low } ?? false } ?? true
        let highOK = latest.map { high in other.latest.map { $0 <= high } ?? false } ?? true
        return lowOK && highOK
    }

    public func intersection(_ other: DateWindow) -> DateWindow? {
        let low = [earliest, other.earliest].compactMap { $0 }.max()
        let high = [latest, other.latest].compactMap { $0 }.min()
        if let low, let high, low > high { return nil }
        return DateWindow(earliest: low, latest: high)
    }

    public var isUnknown: Bool { earliest == nil && latest == nil }

    public var description: String {
        switch (earliest, latest) {
        case (let low?, let high?) where low == high: low.description
        case (let low?, let high?): "\(low) to \(high)"
        case (let low?, nil): "from \(low)"
        case (nil, let high?): "by \(high)"
        case (nil, nil): "unknown"
        }
    }
}

/// The two fields of an expectation an alert can be about.
public enum ExpectationField: String, Hashable, Sendable, Codable, CaseIterable {
    case size, date
}

/// A value of one expectation field: what an alert's `before` and `after` hold.
public enum FieldValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case size(SizeValue)
    case date(DateWindow)

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        if container.contains(AnyKey("earliest")) || container.contains(AnyKey("latest")) {
            self = .date(try DateWindow(from: decoder))
        } else {
            self = .size(try SizeValue(from: decoder))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .size(let value): try value.encode(to: encoder)
        case .date(let value): try value.encode(to: encoder)
        }
    }

    public var description: String {
        switch self {
        case .size(let value): value.description
        case .date(let value): value.description
        }
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
