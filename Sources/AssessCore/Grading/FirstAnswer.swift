import Synchronization

/// Resumes a continuation with whichever of several racers answers first (a grader and its
/// timer; a sandboxed module and its wall clock); later answers are dropped, and `onAnswer`
/// stops whatever is still waiting (the timer) once someone has answered.
public final class FirstAnswer<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, Never>?
        var onAnswer: (@Sendable () -> Void)?
    }

    private let state: Mutex<State>

    public init(_ continuation: CheckedContinuation<Value, Never>) {
        state = Mutex(State(continuation: continuation))
    }

    /// Runs `body` when the first answer arrives, or at once if it already has.
    public func onAnswer(_ body: @escaping @Sendable () -> Void) {
        let answered = state.withLock { state in
            state.onAnswer = body
            return state.continuation == nil
        }
        if answered { body() }
    }

    public func answer(_ value: Value) {
        let (pending, cleanup) = state.withLock { state in
            defer { state.continuation = nil }
            return (state.continuation, state.onAnswer)
        }
        guard let pending else { return }
        cleanup?()
        pending.resume(returning: value)
    }
}
