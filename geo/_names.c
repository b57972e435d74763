/* The gazetteer's names (folded) in one hash table: for each, the key it is (if any) and the most words in a
 * name starting with it (the scan's reach). A Bloom filter small enough for the L2 cache answers first,
 * since most capitalised words and runs of words are no name. */

#include "_geoparse.h"

static uint64_t hash_of(const Py_UCS4 *chars, Py_ssize_t len)
{
    uint64_t h = 14695981039346656037ull; /* FNV-1a, then a final mix */
    for (Py_ssize_t i = 0; i < len; i++)
        h = (h ^ chars[i]) * 1099511628211ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    return h ^ (h >> 33);
}

/* three bits in one 512-bit block (one cache line) of the filter */
static inline void filter_bits(uint64_t h, uint32_t bits[3])
{
    uint32_t block = (uint32_t)(h & (FILTER_BITS / 512 - 1)) * 512;
    for (int i = 0; i < 3; i++)
        bits[i] = block + (uint32_t)((h >> (32 + 9 * i)) & 511);
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

const NameEntry *find_name(const Parser *p, const Py_UCS4 *chars, Py_ssize_t len)
{
    uint64_t h = hash_of(chars, len);
    uint32_t bits[3], tag = (uint32_t)(h >> 32);
    filter_bits(h, bits);
    for (int i = 0; i < 3; i++)
        if (!(p->filter[bits[i] >> 6] & (1ull << (bits[i] & 63))))
            return NULL;
    for (size_t slot = h & p->mask; p->slots[slot].entry; slot = (slot + 1) & p->mask) {
        const NameEntry *e = &p->entries[p->slots[slot].entry - 1];
        if (p->slots[slot].tag == tag && same_name(e->name, chars, len))
            return e;
    }
    return NULL;
}

static int add_name(Parser *p, PyObject *name, int32_t key, int32_t most)
{
    Py_UCS4 *chars = PyUnicode_Check(name) ? PyUnicode_AsUCS4Copy(name) : NULL;
    if (!chars) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "names are str");
        return -1;
    }
    uint64_t h = hash_of(chars, PyUnicode_GET_LENGTH(name));
    PyMem_Free(chars);
    uint32_t bits[3];
    filter_bits(h, bits);
    for (int i = 0; i < 3; i++)
        p->filter[bits[i] >> 6] |= 1ull << (bits[i] & 63);
    size_t slot = h & p->mask;
    while (p->slots[slot].entry)
        slot = (slot + 1) & p->mask;
    p->entries[p->nentries] = (NameEntry){name, key, most};
    p->slots[slot] = (NameSlot){(uint32_t)++p->nentries, (uint32_t)(h >> 32)};
    return 0;
}

/* the table of the keys (p->names, with p->most_words) and of the first words that are no key */
int build_names(Parser *p)
{
    Py_ssize_t others = PyDict_Size(p->other_first_words), total = p->nkeys + others;
    size_t slots = 1;
    while (slots < (size_t)total * 3 / 2)
        slots *= 2;
    p->mask = slots - 1;
    p->slots = PyMem_Calloc(slots, sizeof(NameSlot));
    p->entries = PyMem_Calloc(total + 1, sizeof(NameEntry));
    p->filter = PyMem_Calloc(FILTER_BITS / 64, sizeof(uint64_t));
    if (!p->slots || !p->entries || !p->filter) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t key = 0; key < p->nkeys; key++)
        if (add_name(p, PyList_GET_ITEM(p->names, key), (int32_t)key, MOST_WORDS(p, key)) < 0)
            return -1;
    PyObject *word, *most;
    Py_ssize_t pos = 0;
    while (PyDict_Next(p->other_first_words, &pos, &word, &most)) {
        long n = PyLong_AsLong(most);
        if (n < 0 || add_name(p, word, -1, (int32_t)n) < 0) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "a first word's count of words is negative");
            return -1;
        }
    }
    return 0;
}
