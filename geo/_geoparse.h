/* The geoparser's compiled core, shared by _scan.c (text to mentions, with _names.c: the names' hash table,
 * _people.c: the watched people's names, _person.c: names that are part of a person's name), _resolve.c
 * (mentions to places) and _geoparse.c (the Python type holding the gazetteer's tables).
 *
 * The rules' constants, word lists and per-character, per-name and per-place judgements stay in Python
 * (geo/geoparse.py): they are handed over when the Parser is built, and the judgements are asked once
 * per character, name or place and cached here. */

#ifndef GEO_GEOPARSE_H
#define GEO_GEOPARSE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

/* what geoparse.char_traits says of a character, with Python's regular-expression \w (RE_WORD) and whether it
 * may open a capitalised name (CAPITAL) beside it; KNOWN marks a cached answer */
enum {
    CH_WORD = 1,
    CH_CASED_SCRIPT = 2,
    CH_UNBOUNDED_SCRIPT = 4,
    CH_UNCASED_LETTER = 8,
    CH_RE_WORD = 16,
    CH_CAPITAL = 32,
    CH_KNOWN = 128
};
/* what geoparse.key_traits says of a gazetteer name */
enum { KEY_COMMON = 1, KEY_ACRONYM = 2, KEY_BOUND = 4, KEY_GIVEN_NAME = 8, KEY_BLOCKS_NAME = 16, KEY_KNOWN = 128 };
/* what a candidate needs before it counts (geoparse.needs_support) */
enum { NEED_NOTHING = 0, NEED_COUNTRY = 1, NEED_REGION = 2, NEED_UNKNOWN = -1 };

#define MAX_CODE_POINT 0x110000
#define PEOPLE_BUCKETS 16384
#define ROUNDED 256

/* a name of the gazetteer (folded): its key (-1 if it is only the first word of names) and the most words in
 * a name starting with it (0 if none) */
typedef struct {
    int32_t key, most;
} Name;

/* a slot of the names' table: the hash's upper half, and the name packed: which list holds it (keys or the
 * other first words) and where, and its most words */
typedef struct {
    uint32_t tag, packed;
} NameSlot;
enum { SLOT_INDEX = (1u << 20) - 1, SLOT_MOST_SHIFT = 20, SLOT_USED = 1u << 30, SLOT_OTHER = 1u << 31 };

typedef struct {
    PyObject_HEAD
    /* Python side: dict name -> key, dict first word -> most words, word sets, judgements */
    PyObject *names, *other_first_words, *not_names, *speech, *speech_or_honorifics;
    PyObject *char_traits, *key_traits, *members, *uncased_hits, *prior, *needs_support, *own_key;
    PyObject *place_class, *describe; /* geoparse.Place, and what a Place says of a place: (country, lat, lon, kind) */
    PyObject *place_fields, *no_args, *round_float, *score_digits;
    double unrounded[ROUNDED]; /* the last scores rounded, and their rounded values */
    PyObject *rounded[ROUNDED];
    PyObject **described;             /* per place, NULL until asked */
    /* per place (gazetteer arrays) */
    Py_buffer kind, population, capital, country, admin1;
    /* per key */
    Py_buffer key_offsets, key_members, most_words;
    Py_ssize_t places, nkeys;
    /* the names' hash table and its Bloom filter (_names.c) */
    PyObject *other_words; /* the other first words, as a list */
    NameSlot *slots;
    size_t mask;
    uint64_t *filter, *prefix_filter; /* the names; their starts up to a character that is no word's */
    /* caches of the judgements */
    Py_UCS4 *folded;         /* per code point */
    uint8_t *char_flags;     /* per code point */
    uint8_t *key_flags;      /* per key */
    double *prior_of;        /* per place, NaN until asked */
    int32_t *own_key_of;     /* per place, -2 until asked */
    int8_t *need_of;         /* per place x 8 (doubtful, renamed, long name) */
    /* the watched people's full names (folded, hyphens as spaces), bucketed by their first two letters */
    Py_UCS4 **people;
    Py_ssize_t *people_len, *people_space, npeople; /* each name's length, and where its first space is */
    Py_ssize_t *bucket_start, *bucket_names; /* bucket b: bucket_names[bucket_start[b] .. bucket_start[b+1]) */
    uint64_t people_buckets[PEOPLE_BUCKETS / 64]; /* which buckets hold a name */
    /* constants */
    int kind_country, kind_admin1, kind_admin2, kind_city, kind_region;
    long personal_town, renamed_town, big_city, named_city;
    Py_ssize_t short_name, max_name_length, suffix_after_apostrophe, window_before;
    double country_support, region_support, foreign_subdivision, qualifier_bonus;
} Parser;

#define PREFIX_FILTER_BITS (1u << 21) /* 2 Mbit: 7 bits a start of a name */
#define FILTER_BITS (1u << 22) /* 4 Mbit, 512 kB: in the L2 cache; 7 bits a name, 3 in one cache line */

/* a document being parsed: its text, folded, and the mentions found in it */
typedef struct {
    Py_ssize_t start, end, key;
    Py_ssize_t cand, ncand; /* candidates: doc->pool[cand .. cand + ncand) */
    int doubtful;
} Mention;

typedef struct {
    Parser *parser;
    PyObject *lang, *text_str;
    Py_UCS4 *text, *folded;
    uint8_t *flags;
    Py_ssize_t n;
    int uncased; /* some letter of a script without capitals: ask geoparse.uncased_hits */
    int32_t *pool; /* candidate lists and code sets */
    Py_ssize_t pool_len, pool_cap;
    Mention *mentions;
    Py_ssize_t nmentions;
} Doc;

/* room for one more item in a growing array; -1 (MemoryError) if there is none */
static inline int make_room(void **items, Py_ssize_t *cap, Py_ssize_t len, size_t size)
{
    if (len < *cap)
        return 0;
    Py_ssize_t bigger = *cap ? *cap * 2 : 64;
    void *moved = PyMem_Realloc(*items, bigger * size);
    if (!moved) {
        PyErr_NoMemory();
        return -1;
    }
    *items = moved;
    *cap = bigger;
    return 0;
}

static inline int pool_push(Doc *doc, int32_t value)
{
    if (make_room((void **)&doc->pool, &doc->pool_cap, doc->pool_len, sizeof(int32_t)) < 0)
        return -1;
    doc->pool[doc->pool_len++] = value;
    return 0;
}

/* Python's \w (the re module's word character): cached per character as CH_RE_WORD */
static inline int is_w(Py_UCS4 c) { return Py_UNICODE_ISALNUM(c) || c == '_'; }
#define W(doc, i) ((doc)->flags[i] & CH_RE_WORD)
static inline int is_joiner(Py_UCS4 c) { return c == '.' || c == '\'' || c == 0x2019 || c == '-'; }

/* a letter that may open a name: Latin, Greek or Cyrillic capitals (a prefilter: isupper decides) */
static inline int capital_letter(Py_UCS4 c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE) || (c >= 0x100 && c <= 0x24F) ||
           (c >= 0x391 && c <= 0x3A9) || (c >= 0x400 && c <= 0x42F) || c == 0x490;
}

/* spans of text: hits of names (with their key), people's names, persons */
typedef struct {
    Py_ssize_t start, end, key;
} Span;

typedef struct {
    Span *items;
    Py_ssize_t len, cap;
} Spans;

static inline int spans_push(Spans *s, Py_ssize_t start, Py_ssize_t end, Py_ssize_t key)
{
    if (make_room((void **)&s->items, &s->cap, s->len, sizeof(Span)) < 0)
        return -1;
    s->items[s->len++] = (Span){start, end, key};
    return 0;
}

/* _scan.c */
int scan_mentions(Doc *doc);
int traits_of_text(Doc *doc);
uint8_t key_flags(Parser *p, Py_ssize_t key);
Py_ssize_t own_key(Parser *p, Py_ssize_t place);
Py_ssize_t key_at(const Doc *doc, Py_ssize_t start, Py_ssize_t end);
int word_in(Doc *doc, PyObject *words, Py_ssize_t start, Py_ssize_t end);
int script(Doc *doc, Py_ssize_t start, Py_ssize_t end);
int all_capitals(const Py_UCS4 *t, Py_ssize_t start, Py_ssize_t end, Py_ssize_t *letters);

/* _people.c */
int build_people(Parser *p, PyObject *names);
int people_spans(Doc *doc, Spans *taken);

/* _person.c */
int person(Doc *doc, const Span *hit, Py_ssize_t cand, Py_ssize_t ncand, Span *out);

/* _names.c */
int build_names(Parser *p);
Name find_name(const Parser *p, const Py_UCS4 *chars, Py_ssize_t len);
int maybe_longer_name(const Parser *p, const Py_UCS4 *chars, Py_ssize_t len);

/* _resolve.c */
PyObject *resolve_mentions(Doc *doc);

/* _geoparse.c */
PyObject *found_place(Doc *doc, Py_ssize_t start, Py_ssize_t end, int32_t place, double score);

/* typed access to the gazetteer arrays */
#define KIND(p, i) (((const uint8_t *)(p)->kind.buf)[i])
#define POPULATION(p, i) (((const int64_t *)(p)->population.buf)[i])
#define CAPITAL(p, i) (((const uint8_t *)(p)->capital.buf)[i])
#define COUNTRY(p, i) (((const int32_t *)(p)->country.buf)[i])
#define ADMIN1(p, i) (((const int32_t *)(p)->admin1.buf)[i])
#define KEY_OFFSET(p, k) (((const int32_t *)(p)->key_offsets.buf)[k])
#define KEY_MEMBER(p, i) (((const int32_t *)(p)->key_members.buf)[i])
#define MOST_WORDS(p, k) (((const uint8_t *)(p)->most_words.buf)[k])

#endif
