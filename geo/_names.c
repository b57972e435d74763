/* The gazetteer's names (folded) in one hash table: for each, the key it is (if any) and the most words in a
 * name starting with it (the scan's reach), packed in the slot beside a tag of the hash. A Bloom filter
 * small enough for the L2 cache answers first, since most capitalised words and runs of words are no name. */

#include "_geoparse.h"

/* FNV-1a, one character after another, then a final mix */
#define FNV_START 14695981039346656037ull
static inline uint64_t fnv(uint64_t h, Py_UCS4 c) { return (h ^ c) * 1099511628211ull; }

static inline uint64_t mixed(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    return h ^ (h >> 33);
}

static uint64_t hash_of(const Py_UCS4 *chars, Py_ssize_t len)
{
    uint64_t h = FNV_START;
    for (Py_ssize_t i = 0; i < len; i++)
        h = fnv(h, chars[i]);
    return mixed(h);
}

/* three bits in one 512-bit block (one cache line) of a filter of `size` bits */
static inline void filter_bits(uint64_t h, uint32_t size, uint32_t bits[3])
{
    uint32_t block = (uint32_t)(h & (size / 512 - 1)) * 512;
    for (int i = 0; i < 3; i++)
        bits[i] = block + (uint32_t)((h >> (32 + 9 * i)) & 511);
}

static inline int maybe_in(const uint64_t *filter, uint32_t size, uint64_t h)
{
    uint32_t bits[3];
    filter_bits(h, size, bits);
    for (int i = 0; i < 3; i++)
        if (!(filter[bits[i] >> 6] & (1ull << (bits[i] & 63))))
            return 0;
    return 1;
}

static inline void put_in(uint64_t *filter, uint32_t size, uint64_t h)
{
    uint32_t bits[3];
    filter_bits(h, size, bits);
    for (int i = 0; i < 3; i++)
        filter[bits[i] >> 6] |= 1ull << (bits[i] & 63);
}

/* Whether some name may begin with `chars` (a run of words and the character after it, not a word
 * character): 0 means no name does, so a longer run of words is no name either. */
int maybe_longer_name(const Parser *p, const Py_UCS4 *chars, Py_ssize_t len)
{
    return maybe_in(p->prefix_filter, PREFIX_FILTER_BITS, hash_of(chars, len));
}

static int same_name(PyObject *name, const Py_UCS4 *chars, Py_ssize_t len)
{
    if (PyUnicode_GET_LENGTH(name) != len)
        return 0;
    int kind = PyUnicode_KIND(name);
    const void *data = PyUnicode_DATA(name);
    for (Py_ssize_t i = 0; i < len; i++)
        if (PyUnicode_READ(kind, data, i) != chars[i])
            return 0;
    return 1;
}

/* a slot's name: a key's, or one of the other first words */
static inline PyObject *slot_name(const Parser *p, uint32_t packed)
{
    return PyList_GET_ITEM(packed & SLOT_OTHER ? p->other_words : p->names, packed & SLOT_INDEX);
}

Name find_name(const Parser *p, const Py_UCS4 *chars, Py_ssize_t len)
{
    uint64_t h = hash_of(chars, len);
    uint32_t tag = (uint32_t)(h >> 32);
    if (!maybe_in(p->filter, FILTER_BITS, h))
        return (Name){-1, 0};
    for (size_t slot = h & p->mask; p->slots[slot].packed; slot = (slot + 1) & p->mask) {
        uint32_t packed = p->slots[slot].packed;
        if (p->slots[slot].tag == tag && same_name(slot_name(p, packed), chars, len))
            return (Name){packed & SLOT_OTHER ? -1 : (int32_t)(packed & SLOT_INDEX),
                          (int32_t)((packed >> SLOT_MOST_SHIFT) & 255)};
    }
    return (Name){-1, 0};
}

static int add_name(Parser *p, PyObject *name, uint32_t packed)
{
    Py_UCS4 *chars = PyUnicode_Check(name) ? PyUnicode_AsUCS4Copy(name) : NULL;
    if (!chars) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "names are str");
        return -1;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(name);
    uint64_t h = FNV_START;
    for (Py_ssize_t i = 0; i < len; i++) { /* each start of the name up to a character that is no word's */
        h = fnv(h, chars[i]);
        if (i > 0 && !(Py_UNICODE_ISALNUM(chars[i]) || chars[i] == '_'))
            put_in(p->prefix_filter, PREFIX_FILTER_BITS, mixed(h));
    }
    PyMem_Free(chars);
    h = mixed(h);
    put_in(p->filter, FILTER_BITS, h);
    size_t slot = h & p->mask;
    while (p->slots[slot].packed)
        slot = (slot + 1) & p->mask;
    p->slots[slot] = (NameSlot){(uint32_t)(h >> 32), packed | SLOT_USED};
    return 0;
}

/* the table of the keys (p->names, with p->most_words) and of the first words that are no key */
int build_names(Parser *p)
{
    p->other_words = PyDict_Keys(p->other_first_words);
    if (!p->other_words)
        return -1;
    Py_ssize_t others = PyList_GET_SIZE(p->other_words);
    if (p->nkeys > SLOT_INDEX || others > SLOT_INDEX) {
        PyErr_SetString(PyExc_ValueError, "more names than the names' table numbers");
        return -1;
    }
    size_t slots = 1;
    while (slots < (size_t)(p->nkeys + others) * 3 / 2)
        slots *= 2;
    p->mask = slots - 1;
    p->slots = PyMem_Calloc(slots, sizeof(NameSlot));
    p->filter = PyMem_Calloc(FILTER_BITS / 64, sizeof(uint64_t));
    p->prefix_filter = PyMem_Calloc(PREFIX_FILTER_BITS / 64, sizeof(uint64_t));
    if (!p->slots || !p->filter || !p->prefix_filter) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t key = 0; key < p->nkeys; key++)
        if (add_name(p, PyList_GET_ITEM(p->names, key), (uint32_t)key | MOST_WORDS(p, key) << SLOT_MOST_SHIFT) < 0)
            return -1;
    for (Py_ssize_t i = 0; i < others; i++) {
        PyObject *word = PyList_GET_ITEM(p->other_words, i);
        long most = PyLong_AsLong(PyDict_GetItem(p->other_first_words, word));
        if (most < 0 || most > 255) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "a first word's count of words is outside 0..255");
            return -1;
        }
        if (add_name(p, word, (uint32_t)i | SLOT_OTHER | (uint32_t)most << SLOT_MOST_SHIFT) < 0)
            return -1;
    }
    return 0;
}
