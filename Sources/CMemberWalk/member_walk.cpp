// The simdjson side of the Debezium record walk: a line that is one plain JSON object is walked
// here, on simdjson's structural index, and each kept member's value handed back as a byte span;
// anything else is refused (-1) and read by the Swift walk, which names its problem.
#include "member_walk.h"

#include <simdjson.h>

#include <cstring>
#include <utility>
#include <string>
#include <vector>

using namespace simdjson;

namespace {

/// One name: its first sixteen bytes as two words (zero past its end), its length, the slot of
/// its value, the level below it (-1 when none) and, past sixteen bytes, its place in `longNames`.
struct Entry {
    uint64_t head;
    uint64_t tail;
    uint32_t count;
    int32_t slot;
    int32_t below;
    int32_t longName;
};

/// A level's entries (a run of the tree's one array) and, for 64 buckets of a name's words, the
/// level's names in the bucket as bits; a level of more than 64 names is searched entry by entry.
struct Level {
    uint64_t buckets[64] = {};
    uint32_t begin = 0;
    uint32_t end = 0;
};

/// The first sixteen bytes of `name` as two words, zero past `count`; reads sixteen bytes, which
/// a line's padding makes safe.
inline void wordsOf(const uint8_t *name, size_t count, uint64_t &head, uint64_t &tail) {
    memcpy(&head, name, 8);
    memcpy(&tail, name + 8, 8);
    if (count < 8) {
        head &= (uint64_t(1) << (count * 8)) - 1;
        tail = 0;
    } else if (count < 16) {
        tail &= (uint64_t(1) << ((count - 8) * 8)) - 1;
    }
}

/// The top six bits of a product of the name's words and length, its best mixed.
inline unsigned bucketOf(size_t count, uint64_t head, uint64_t tail) {
    uint64_t mixed = ((head ^ (tail * 0x9E3779B9u)) + count) * 0x9E3779B97F4A7C15u;
    return static_cast<unsigned>(mixed >> 58);
}

/// Whether a word holds a `.` (the zero bytes past a name's end do not read as one).
inline bool hasDot(uint64_t word) {
    uint64_t dots = word ^ 0x2E2E2E2E2E2E2E2Eu;
    return ((dots - 0x0101010101010101u) & ~dots & 0x8080808080808080u) != 0;
}

/// Whether `bytes` holds a backslash: names and values are short, so a loop beats a call.
inline bool hasBackslash(const uint8_t *bytes, size_t count) {
    for (size_t index = 0; index < count; index++) {
        if (bytes[index] == '\\') return true;
    }
    return false;
}

/// JSON's whitespace, as `JSONLineScanner.skipWhitespace` reads it.
inline bool isSpace(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// What may start a bare value: `true`, `false`, `null` or a number (as `JSONLineScanner`).
inline bool startsLiteral(uint8_t c) {
    return c == 't' || c == 'f' || c == 'n' || c == '-' || (c >= '0' && c <= '9');
}

}  // namespace

struct assess_member_tree {
    /// False when a kept name holds a backslash: such a name is matched against the decoded
    /// member names by the Swift walk, and against raw ones here, so the tree is the Swift
    /// walk's alone.
    bool usable = true;
    std::vector<Entry> entries;
    std::vector<Level> levels;
    std::vector<std::string> longNames;

    const Entry *find(int32_t level, const uint8_t *name, size_t count, uint64_t head, uint64_t tail) const {
        if (count == 0 || level < 0 || static_cast<size_t>(level) >= levels.size()) return nullptr;
        const Level &here = levels[level];
        auto matches = [&](const Entry &entry) {
            return entry.count == count && entry.head == head && entry.tail == tail
                && (entry.longName < 0 || memcmp(longNames[entry.longName].data() + 16, name + 16, count - 16) == 0);
        };
        if (here.end - here.begin <= 64) {
            for (uint64_t bits = here.buckets[bucketOf(count, head, tail)]; bits != 0; bits &= bits - 1) {
                const Entry &entry = entries[here.begin + __builtin_ctzll(bits)];
                if (matches(entry)) return &entry;
            }
            return nullptr;
        }
        for (uint32_t index = here.begin; index < here.end; index++) {
            if (matches(entries[index])) return &entries[index];
        }
        return nullptr;
    }

    const Entry *find(int32_t level, const uint8_t *name, size_t count) const {
        uint64_t head, tail;
        wordsOf(name, count, head, tail);
        return find(level, name, count, head, tail);
    }

    /// The name itself, else a dotted name (`source.lsn` as one member)
    /// as the nested path it names.
    const Entry *locate(int32_t level, const uint8_t *name, size_t count) const {
        uint64_t head, tail;
        wordsOf(name, count, head, tail);
        if (const Entry *found = find(level, name, count, head, tail)) return found;
        // Most members are named nowhere: whether one holds a dot is read off its words.
        if (count == 0) return nullptr;
        if (count <= 16 ? !(hasDot(head) || hasDot(tail)) : memchr(name, '.', count) == nullptr) return nullptr;
        const Entry *found = nullptr;
        int32_t current = level;
        size_t start = 0;
        for (size_t index = 0; index <= count; index++) {
            if (index < count && name[index] != '.') continue;
            if (current < 0) return nullptr;
            found = find(current, name + start, index - start);
            if (found == nullptr) return nullptr;
            current = found->below;
            start = index + 1;
        }
        return found;
    }
};

struct assess_member_walker {
    ondemand::parser parser;
};

namespace {

/// The kept members met so far, and where the last container simdjson skipped starts (until the
/// bytes after it are checked, see `skippedEscape`).
struct Spans {
    assess_member_span *out;
    int32_t count;
    int32_t capacity;
    const uint8_t *line;
    const uint8_t *skipped = nullptr;
};

/// Whether the bytes from the container last skipped up to `end` hold a backslash. simdjson reads
/// `\"` as an escaped quote even outside a string, where the Swift walk's skip starts a string at
/// the quote, so on such a (broken) line the two would part; the line is the Swift walk's. A
/// string with an escape inside a skipped container sends its line there too, which costs only
/// time.
inline bool skippedEscape(Spans &spans, const uint8_t *end) {
    if (spans.skipped == nullptr) return false;
    bool found = memchr(spans.skipped, '\\', static_cast<size_t>(end - spans.skipped)) != nullptr;
    spans.skipped = nullptr;
    return found;
}

/// The members of one object, kept where the tree names them; false where the Swift walk should
/// read the line instead.
bool walk(ondemand::object object, const assess_member_tree &tree, int32_t level, Spans &spans) {
    for (auto member : object) {
        ondemand::field field;
        if (std::move(member).get(field) != SUCCESS) return false;
        const uint8_t *name = reinterpret_cast<const uint8_t *>(field.key().raw());
        if (skippedEscape(spans, name)) return false;
        ondemand::value value = field.value();
        std::string_view token = value.raw_json_token();
        const uint8_t *start = reinterpret_cast<const uint8_t *>(token.data());
        // The name ends at the quote before the colon before the value.
        const uint8_t *end = start - 1;
        while (end > name && isSpace(*end)) end--;
        if (*end != ':') return false;
        end--;
        while (end > name && isSpace(*end)) end--;
        if (end < name || *end != '"') return false;
        size_t count = static_cast<size_t>(end - name);
        const Entry *entry = tree.locate(level, name, count);
        // A found name holds no backslash (the tree's names hold none); a name written with an
        // escape is the Swift walk's to decode and look up.
        if (entry == nullptr && hasBackslash(name, count)) return false;
        uint8_t first = start[0];
        if (first == '{' || first == '[') {
            if (spans.skipped == nullptr && (entry == nullptr || entry->below < 0)) spans.skipped = start;
        } else {
            // A value is followed by `,` or `}`: skipping a string followed by `:`, simdjson would
            // take it for a member name (and so accept a line that lost a brace).
            uint8_t next = start[token.size()];
            if (next != ',' && next != '}') return false;
            // A bare value holding a quote (`1"a,b"`) ends, to the Swift walk, at its first comma,
            // bracket or blank, quote or not; simdjson's token runs on past it.
            if (first != '"' && memchr(start, '"', token.size()) != nullptr) return false;
        }
        if (entry == nullptr) {
            // Skipped as `JSONLineScanner.skipValue` skips it, which refuses a bare word.
            if (first != '{' && first != '[' && first != '"' && !startsLiteral(first)) return false;
            continue;
        }
        if (spans.count == spans.capacity) return false;
        size_t length = token.size();
        while (length > 1 && isSpace(start[length - 1])) length--;
        int64_t offset = start - spans.line;
        switch (first) {
        case '{':
            spans.out[spans.count++] = {entry->slot, 1, 0, 0};
            if (entry->below >= 0) {
                ondemand::object inner;
                if (value.get_object().get(inner) != SUCCESS) return false;
                if (!walk(inner, tree, entry->below, spans)) return false;
            }
            break;
        case '"': {
            if (length < 2 || start[length - 1] != '"') return false;
            int32_t kind = hasBackslash(start + 1, length - 2) ? 3 : 2;
            spans.out[spans.count++] = {entry->slot, kind, offset + 1, offset + static_cast<int64_t>(length) - 1};
            break;
        }
        default:
            if (!startsLiteral(first)) return false;
            spans.out[spans.count++] = {entry->slot, 4, offset, offset + static_cast<int64_t>(length)};
        }
    }
    return true;
}

/// A lookup for a name in memory not known to be padded (the Swift walk's): the name is copied
/// with sixteen zero bytes after it, which every read of its words stays within.
bool lookUp(const assess_member_tree *tree, int32_t level, const uint8_t *name, size_t count, bool dotted,
    int32_t *slot, int32_t *below) {
    uint8_t local[64] = {};
    std::vector<uint8_t> heap;
    uint8_t *copy = local;
    if (count + 16 > sizeof local) {
        heap.assign(count + 16, 0);
        copy = heap.data();
    }
    if (count > 0) memcpy(copy, name, count);
    const Entry *found = dotted ? tree->locate(level, copy, count) : tree->find(level, copy, count);
    if (found == nullptr) return false;
    *slot = found->slot;
    *below = found->below;
    return true;
}

}  // namespace

extern "C" {

int32_t assess_member_find(
    const assess_member_tree *tree, int32_t level, const uint8_t *name, size_t count, int32_t *slot, int32_t *below) {
    return lookUp(tree, level, name, count, false, slot, below) ? 1 : 0;
}

int32_t assess_member_locate(
    const assess_member_tree *tree, int32_t level, const uint8_t *name, size_t count, int32_t *slot, int32_t *below) {
    return lookUp(tree, level, name, count, true, slot, below) ? 1 : 0;
}

assess_member_tree *assess_member_tree_create(
    int32_t count, const int32_t *levels, const uint8_t *const *names, const int32_t *lengths,
    const int32_t *slots, const int32_t *belows) {
    auto *tree = new assess_member_tree();
    int32_t deepest = -1;
    for (int32_t index = 0; index < count; index++) {
        if (memchr(names[index], '\\', static_cast<size_t>(lengths[index])) != nullptr) tree->usable = false;
    }
    for (int32_t index = 0; index < count; index++) deepest = levels[index] > deepest ? levels[index] : deepest;
    tree->levels.resize(deepest + 1);
    // Entries level by level, each level one run of the array.
    for (int32_t level = 0; level <= deepest; level++) {
        Level &here = tree->levels[level];
        here.begin = static_cast<uint32_t>(tree->entries.size());
        for (int32_t index = 0; index < count; index++) {
            if (levels[index] != level) continue;
            uint8_t padded[16] = {};
            size_t length = static_cast<size_t>(lengths[index]);
            memcpy(padded, names[index], length < 16 ? length : 16);
            Entry entry{0, 0, static_cast<uint32_t>(length), slots[index], belows[index], -1};
            wordsOf(padded, length, entry.head, entry.tail);
            if (length > 16) {
                entry.longName = static_cast<int32_t>(tree->longNames.size());
                tree->longNames.emplace_back(reinterpret_cast<const char *>(names[index]), length);
            }
            size_t position = tree->entries.size() - here.begin;
            if (position < 64 && length > 0) {
                here.buckets[bucketOf(length, entry.head, entry.tail)] |= uint64_t(1) << position;
            }
            tree->entries.push_back(entry);
        }
        here.end = static_cast<uint32_t>(tree->entries.size());
    }
    return tree;
}

void assess_member_tree_destroy(assess_member_tree *tree) { delete tree; }

assess_member_walker *assess_member_walker_create(void) { return new assess_member_walker(); }

void assess_member_walker_destroy(assess_member_walker *walker) { delete walker; }

size_t assess_member_walk_padding(void) { return SIMDJSON_PADDING; }

int32_t assess_member_walk(
    assess_member_walker *walker, const assess_member_tree *tree, const uint8_t *line, size_t length,
    assess_member_span *out, int32_t capacity) {
    if (!tree->usable) return -1;
    ondemand::document document;
    if (walker->parser.iterate(line, length, length + SIMDJSON_PADDING).get(document) != SUCCESS) return -1;
    ondemand::object object;
    if (document.get_object().get(object) != SUCCESS) return -1;
    Spans spans{out, 0, capacity, line};
    if (!walk(object, *tree, 0, spans)) return -1;
    if (skippedEscape(spans, line + length)) return -1;
    // Text after the object (a console consumer's `key value`) is the Swift walk's to read.
    const char *after = nullptr;
    if (document.current_location().get(after) == SUCCESS) return -1;
    return spans.count;
}

}
