;; A plugin that never answers: its _start loops forever. The fuel budget must stop it.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $forever (br $forever))))
