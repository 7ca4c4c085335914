;; A hostile plugin for the tests: traps at once, to show a trap's report is short and the same
;; on every run (no host backtrace, no addresses).
(module
  (memory (export "memory") 1)
  (func (export "_start")
    unreachable))
