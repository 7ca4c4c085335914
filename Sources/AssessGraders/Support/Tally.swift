/// The one way graders count checks: each part judged adds one, passed or failed or a share
/// of one, and the score is the mean. Graders that judge several parts (a stack's services,
/// a federation's subgraphs) keep one; no parts judged scores 0.
struct Tally {
    var passed = 0.0
    var total = 0.0

    mutating func add(_ ok: Bool) {
        total += 1
        if ok { passed += 1 }
    }

    mutating func add(score: Double) {
        total += 1
        passed += score
    }

    var score: Double { total == 0 ? 0 : passed / total }

    /// How many parts were judged.
    var count: Int { Int(total) }
}
