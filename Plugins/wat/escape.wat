;; A plugin that tries to open ../../etc/passwd through its only preopened directory (fd 3).
;; It reports what WASI said: an error gives score 1 and "refused"; a file gives score 0.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 128) "../../etc/passwd")
  (data (i32.const 256) "{\"protocol\":\"assess.plugin/v1\",\"score\":1,\"summary\":\"WASI refused the path outside\"}\n")
  (data (i32.const 512) "{\"protocol\":\"assess.plugin/v1\",\"score\":0,\"summary\":\"opened a path outside!\"}\n")
  (func (export "_start")
    (local $errno i32)
    ;; path_open(dirfd 3, lookupflags 0, path 128, len 16, oflags 0, rights all, inheriting all, fdflags 0, result at 64)
    (local.set $errno
      (call $path_open (i32.const 3) (i32.const 0) (i32.const 128) (i32.const 16) (i32.const 0)
                       (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 64)))
    (if (i32.eqz (local.get $errno))
      (then
        (i32.store (i32.const 0) (i32.const 512))
        (i32.store (i32.const 4) (i32.const 77)))
      (else
        (i32.store (i32.const 0) (i32.const 256))
        (i32.store (i32.const 4) (i32.const 84))))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 32)))))
