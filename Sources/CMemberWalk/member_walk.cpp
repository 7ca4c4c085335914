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

struct Entry {
    std::string name;
    /// The name's first sixteen bytes as two words, zero past its end.
    uint64_t head;
    uint64_t tail;
    int32_t slot;
    int32_t below;
};

/// A level's names, and for 64 buckets of a name's length and end bytes the names in the bucket
/// as bits (levels of more than 64 names are searched entry by entry).
struct Level {
    std::vector<Entry> entries;
    uint64_t buckets[64] = {};
};

inline unsigned bucketOf(const uint8_t *name, size_t count) {
    return static_cast<unsigned>(count * 7 + name[0] + name[count - 1] * 3) & 63;
}

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

/// Whether `bytes` holds a backslash: names and values are short, so a loop beats a call.
inline bool hasBackslash(const uint8_t *bytes, size_t count) {
    for (size_t index = 0; index < count; index++) {
        if (bytes[index] == '\\') return true;
    }
    return false;
}

inline bool isSpace(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// What may start a bare value: `true`, `false`, `null` or a number (as `JSONLineScanner`).
inline bool startsLiteral(uint8_t c) {
    return c == 't' || c == 'f' || c == 'n' || c == '-' || (c >= '0' && c <= '9');
}

}  // namespace

struct assess_member_tree {
    std::vector<Level> levels;

    const Entry *find(int32_t level, const uint8_t *name, size_t count) const {
        if (count == 0 || level < 0 || static_cast<size_t>(level) >= levels.size()) return nullptr;
        const Level &here = levels[level];
        if (here.entries.size() <= 64) {
            uint64_t bits = here.buckets[bucketOf(name, count)];
            if (bits == 0) return nullptr;
            uint64_t head, tail;
            wordsOf(name, count, head, tail);
            for (; bits != 0; bits &= bits - 1) {
                const Entry &entry = here.entries[__builtin_ctzll(bits)];
                if (entry.name.size() != count || entry.head != head || entry.tail != tail) continue;
                if (count <= 16 || memcmp(entry.name.data() + 16, name + 16, count - 16) == 0) return &entry;
            }
            return nullptr;
        }
        for (const Entry &entry : here.entries) {
            if (entry.name.size() == count && memcmp(entry.name.data(), name, count) == 0) return &entry;
        }
        return nullptr;
    }

    /// As `MemberTree.locate`: the name itself, else a dotted name (`source.lsn` as one member)
    /// as the nested path it names.
    const Entry *locate(int32_t level, const uint8_t *name, size_t count) const {
        if (const Entry *found = find(level, name, count)) return found;
        if (count == 0 || memchr(name, '.', count) == nullptr) return nullptr;
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

struct Spans {
    assess_member_span *out;
    int32_t count;
    int32_t capacity;
    const uint8_t *line;
};

/// The members of one object, kept where the tree names them; false where the Swift walk should
/// read the line instead.
bool walk(ondemand::object object, const assess_member_tree &tree, int32_t level, Spans &spans) {
    for (auto member : object) {
        ondemand::field field;
        if (std::move(member).get(field) != SUCCESS) return false;
        const uint8_t *name = reinterpret_cast<const uint8_t *>(field.key().raw());
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

}  // namespace

extern "C" {

assess_member_tree *assess_member_tree_create(
    int32_t count, const int32_t *levels, const uint8_t *const *names, const int32_t *lengths,
    const int32_t *slots, const int32_t *belows) {
    auto *tree = new assess_member_tree();
    for (int32_t index = 0; index < count; index++) {
        int32_t level = levels[index];
        if (level < 0) continue;
        if (tree->levels.size() <= static_cast<size_t>(level)) tree->levels.resize(level + 1);
        Level &here = tree->levels[level];
        uint8_t padded[16] = {};
        memcpy(padded, names[index], lengths[index] < 16 ? lengths[index] : 16);
        uint64_t head, tail;
        wordsOf(padded, lengths[index], head, tail);
        here.entries.push_back({std::string(reinterpret_cast<const char *>(names[index]), lengths[index]), head, tail,
            slots[index], belows[index]});
        size_t position = here.entries.size() - 1;
        if (position < 64 && lengths[index] > 0) {
            here.buckets[bucketOf(names[index], lengths[index])] |= uint64_t(1) << position;
        }
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
    ondemand::document document;
    if (walker->parser.iterate(line, length, length + SIMDJSON_PADDING).get(document) != SUCCESS) return -1;
    ondemand::object object;
    if (document.get_object().get(object) != SUCCESS) return -1;
    Spans spans{out, 0, capacity, line};
    if (!walk(object, *tree, 0, spans)) return -1;
    // Text after the object (a console consumer's `key value`) is the Swift walk's to read.
    const char *after = nullptr;
    if (document.current_location().get(after) == SUCCESS) return -1;
    return spans.count;
}

}
