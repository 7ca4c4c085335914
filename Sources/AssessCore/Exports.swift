// Locations and diagnostics are part of every grader's vocabulary.
@_exported public import AssessYAML
