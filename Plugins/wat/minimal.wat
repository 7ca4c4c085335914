;; The smallest assess.plugin/v1 plugin: answers every request with full marks.
;; Compiled in-process by WasmKit's WAT (no toolchain); writes its response with fd_write.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "{\"protocol\":\"assess.plugin/v1\",\"score\":1,\"summary\":\"the minimal WAT plugin says yes\"}\n")
  (func (export "_start")
    ;; iovec at 0: pointer 64, length 86
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 86))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 32)))))
