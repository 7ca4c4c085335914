;; A hostile plugin for the tests: writes 60,000-byte blocks to stdout for ever (until its fuel
;; runs out), to show the stdout cap holds during the run rather than after it.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; iovec at 0: pointer 64, length 60000 (zero bytes: memory starts zeroed)
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 60000))
    (loop $again
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (br $again))))
