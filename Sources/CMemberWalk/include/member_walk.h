#ifndef ASSESS_MEMBER_WALK_H
#define ASSESS_MEMBER_WALK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The member names a walk keeps, level by level (the C twin of the Swift `MemberTree`).
typedef struct assess_member_tree assess_member_tree;
/// One thread's simdjson parser and its buffers, reused from line to line.
typedef struct assess_member_walker assess_member_walker;

/// A kept member's value: `kind` as the Swift `EnvelopeWalker.Span.Kind` numbers it
/// (1 object, 2 string, 3 escaped string, 4 literal), `start` and `end` as byte offsets into
/// the line (a string's without its quotes).
typedef struct {
    int32_t slot;
    int32_t kind;
    int64_t start;
    int64_t end;
} assess_member_span;

/// The tree of `count` names: entry i is `names[i]` (`lengths[i]` bytes) at level `levels[i]`,
/// keeping slot `slots[i]`, with `belows[i]` the level below it (-1 when none).
assess_member_tree *assess_member_tree_create(
    int32_t count, const int32_t *levels, const uint8_t *const *names, const int32_t *lengths,
    const int32_t *slots, const int32_t *belows);
void assess_member_tree_destroy(assess_member_tree *tree);

/// The member `name` (`count` bytes, any memory) of `level`: 1 with its slot and the level
/// below it (-1 when none), 0 when the level has no such name.
int32_t assess_member_find(
    const assess_member_tree *tree, int32_t level, const uint8_t *name, size_t count, int32_t *slot, int32_t *below);
/// `assess_member_find`, and a name with dots in it (`"source.lsn"`) names the path nested that way.
int32_t assess_member_locate(
    const assess_member_tree *tree, int32_t level, const uint8_t *name, size_t count, int32_t *slot, int32_t *below);

assess_member_walker *assess_member_walker_create(void);
void assess_member_walker_destroy(assess_member_walker *walker);

/// The bytes that must be readable after a line handed to `assess_member_walk` (simdjson
/// reads in blocks; what they hold does not matter).
size_t assess_member_walk_padding(void);

/// Walks one line holding exactly one JSON object (and whitespace), writing each kept member
/// met, in order, to `out`. Returns how many were written, or -1 when the line is anything
/// else or anything unusual, and the caller then reads it itself: what simdjson refuses, an
/// escaped member name, a kept array, more than `capacity` members kept, text after the
/// object, and what simdjson's skipping lets through but a strict reader would not (a value
/// followed by anything but `,` or `}`, a bare value holding a quote, a backslash in a skipped
/// object or array). A tree with a backslash in a name is never walked here.
int32_t assess_member_walk(
    assess_member_walker *walker, const assess_member_tree *tree, const uint8_t *line, size_t length,
    assess_member_span *out, int32_t capacity);

#ifdef __cplusplus
}
#endif

#endif
