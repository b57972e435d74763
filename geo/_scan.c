/* Text to mentions: every gazetteer name standing as a word of its own, the longest where names
 * overlap, leaving out the watched people's names and any name that is part of a person's name
 * ("Paris Hilton", "Kelly Jones", "Barnes said"). The rules are documented in geo/geoparse.py. */

#include "_geoparse.h"

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

/* --- cached judgements ------------------------------------------------------------------------------- */

static int char_traits(Parser *p, Py_UCS4 c)
{
    PyObject *r = PyObject_CallFunction(p->char_traits, "k", (unsigned long)c);
    long folded, flags;
    if (!r)
        return -1;
    if (!PyArg_ParseTuple(r, "ll", &folded, &flags)) {
        Py_DECREF(r);
        return -1;
    }
    Py_DECREF(r);
    p->folded[c] = (Py_UCS4)folded;
    p->char_flags[c] = (uint8_t)(flags | CH_KNOWN | (is_w(c) ? CH_RE_WORD : 0) | (capital_letter(c) ? CH_CAPITAL : 0));
    return 0;
}

/* The text as code points, folded, and each character's traits; notes whether any letter is of a script
 * without capitals. */
int traits_of_text(Doc *doc)
{
    Parser *p = doc->parser;
    int kind = PyUnicode_KIND(doc->text_str);
    const void *data = PyUnicode_DATA(doc->text_str);
    uint8_t any = 0;
    for (Py_ssize_t i = 0; i < doc->n; i++) {
        Py_UCS4 c = doc->text[i] = PyUnicode_READ(kind, data, i);
        if (!p->char_flags[c] && char_traits(p, c) < 0)
            return -1;
        doc->folded[i] = p->folded[c];
        any |= doc->flags[i] = p->char_flags[c];
    }
    doc->uncased = (any & CH_UNCASED_LETTER) != 0;
    return 0;
}

uint8_t key_flags(Parser *p, Py_ssize_t key)
{
    if (!p->key_flags[key]) {
        PyObject *r = PyObject_CallFunction(p->key_traits, "n", key);
        long flags = r ? PyLong_AsLong(r) : -1;
        Py_XDECREF(r);
        if (flags < 0)
            return 0; /* error set */
        p->key_flags[key] = (uint8_t)(flags | KEY_KNOWN);
    }
    return p->key_flags[key];
}

Py_ssize_t own_key(Parser *p, Py_ssize_t place)
{
    if (p->own_key_of[place] == -2) {
        PyObject *r = PyObject_CallFunction(p->own_key, "n", place);
        long key = r ? PyLong_AsLong(r) : -2;
        Py_XDECREF(r);
        if (key == -2 || PyErr_Occurred())
            return -2;
        p->own_key_of[place] = (int32_t)key;
    }
    return p->own_key_of[place];
}

/* the key of folded[start:end], -1 if it is no name */
static Py_ssize_t key_at(const Doc *doc, Py_ssize_t start, Py_ssize_t end)
{
    return find_name(doc->parser, doc->folded + start, end - start).key;
}

/* whether folded[start:end] is in the Python set `words`; -1 on error */
static int word_in(Doc *doc, PyObject *words, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, doc->folded + start, end - start);
    if (!s)
        return -1;
    int found = PySet_Contains(words, s);
    Py_DECREF(s);
    return found;
}

/* --- the watched people's names ----------------------------------------------------------------------- */

static inline Py_UCS4 plain(Py_UCS4 c) { return c == '-' ? ' ' : c; }

/* Names are bucketed by the letters on either side of their first space: in text, only the spaces (a sixth
 * of the characters) are looked at. */
static inline Py_ssize_t bucket(Py_UCS4 before, Py_UCS4 after)
{
    uint32_t h = (plain(before) * 0x9E3779B1u) ^ (plain(after) * 0x85EBCA6Bu);
    return (h ^ (h >> 15)) & (PEOPLE_BUCKETS - 1);
}

static int fail_people(Py_ssize_t *fill, PyObject *error, const char *message)
{
    if (error)
        PyErr_SetString(error, message);
    PyMem_Free(fill);
    return -1;
}

int build_people(Parser *p, PyObject *names)
{
    Py_ssize_t n = PyList_Size(names);
    if (n < 0)
        return -1;
    p->npeople = n;
    p->people = PyMem_Calloc(n + 1, sizeof(Py_UCS4 *));
    p->people_len = PyMem_Calloc(n + 1, sizeof(Py_ssize_t));
    p->people_space = PyMem_Calloc(n + 1, sizeof(Py_ssize_t));
    p->bucket_start = PyMem_Calloc(PEOPLE_BUCKETS + 1, sizeof(Py_ssize_t));
    p->bucket_names = PyMem_Calloc(n + 1, sizeof(Py_ssize_t));
    Py_ssize_t *fill = PyMem_Calloc(PEOPLE_BUCKETS + 1, sizeof(Py_ssize_t));
    if (!p->people || !p->people_len || !p->people_space || !p->bucket_start || !p->bucket_names || !fill)
        return fail_people(fill, PyExc_MemoryError, "no memory for the people's names");
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *name = PyList_GetItem(names, i);
        if (!PyUnicode_Check(name))
            return fail_people(fill, PyExc_TypeError, "people's names are str");
        if (!(p->people[i] = PyUnicode_AsUCS4Copy(name)))
            return fail_people(fill, NULL, NULL);
        Py_ssize_t len = p->people_len[i] = PyUnicode_GetLength(name), space = 0;
        while (space < len && plain(p->people[i][space]) != ' ')
            space++;
        if (space == 0 || space + 1 >= len)
            return fail_people(fill, PyExc_ValueError, "a person's full name has a space inside");
        p->people_space[i] = space;
        Py_ssize_t b = bucket(p->people[i][space - 1], p->people[i][space + 1]);
        fill[b + 1]++;
        p->people_buckets[b >> 6] |= 1ull << (b & 63);
    }
    for (Py_ssize_t b = 0; b < PEOPLE_BUCKETS; b++)
        p->bucket_start[b + 1] = p->bucket_start[b] + fill[b + 1];
    memcpy(fill, p->bucket_start, PEOPLE_BUCKETS * sizeof(Py_ssize_t));
    for (Py_ssize_t i = 0; i < n; i++) {
        const Py_UCS4 *name = p->people[i];
        p->bucket_names[fill[bucket(name[p->people_space[i] - 1], name[p->people_space[i] + 1])]++] = i;
    }
    PyMem_Free(fill);
    return 0;
}

typedef struct {
    Py_ssize_t start, end, key;
} Span;

typedef struct {
    Span *items;
    Py_ssize_t len, cap;
} Spans;

static int spans_push(Spans *s, Py_ssize_t start, Py_ssize_t end, Py_ssize_t key)
{
    if (make_room((void **)&s->items, &s->cap, s->len, sizeof(Span)) < 0)
        return -1;
    s->items[s->len++] = (Span){start, end, key};
    return 0;
}

/* every occurrence of a watched person's full name in the folded text, hyphens read as spaces */
static int people_spans(Doc *doc, Spans *taken)
{
    Parser *p = doc->parser;
    const Py_UCS4 *f = doc->folded;
    for (Py_ssize_t s = 1; s + 1 < doc->n; s++) {
        if (plain(f[s]) != ' ')
            continue;
        Py_ssize_t b = bucket(f[s - 1], f[s + 1]);
        if (!(p->people_buckets[b >> 6] & (1ull << (b & 63))))
            continue;
        for (Py_ssize_t j = p->bucket_start[b]; j < p->bucket_start[b + 1]; j++) {
            Py_ssize_t who = p->bucket_names[j], len = p->people_len[who], i = s - p->people_space[who];
            const Py_UCS4 *name = p->people[who];
            if (i < 0 || i + len > doc->n)
                continue;
            Py_ssize_t k = 0;
            while (k < len && plain(f[i + k]) == name[k])
                k++;
            if (k == len && spans_push(taken, i, i + len, -1) < 0)
                return -1;
        }
    }
    return 0;
}

/* --- capitalised words and the names starting there -------------------------------------------------- */

/* the end of a word going on from `j`: more word characters, joined parts ("Saint-Denis", "U.S."), a full stop */
static Py_ssize_t word_tail(const Doc *doc, Py_ssize_t j)
{
    const Py_UCS4 *t = doc->text;
    Py_ssize_t n = doc->n;
    while (j < n && W(doc, j))
        j++;
    while (j + 1 < n && is_joiner(t[j]) && W(doc, j + 1)) {
        j += 2;
        while (j < n && W(doc, j))
            j++;
    }
    return j < n && t[j] == '.' ? j + 1 : j;
}

/* Where a name ending in the word ending at `end` may end: the word, without a final full stop, or without
 * a suffix after an apostrophe (English "Ankara's", Turkish "Ankara'ya", "Türkiye'den"). */
static int name_ends(Doc *doc, Py_ssize_t end, Py_ssize_t out[2])
{
    const Py_UCS4 *t = doc->text;
    out[0] = end;
    if (t[end - 1] == '.') {
        out[1] = end - 1;
        return 2;
    }
    Py_ssize_t window = end - doc->parser->suffix_after_apostrophe - 1; /* as str.rfind reads a negative start */
    if (window < 0)
        window = window + doc->n < 0 ? 0 : window + doc->n;
    Py_ssize_t cut = -1;
    for (Py_ssize_t i = end - 1; i >= window && cut < 0; i--)
        if (t[i] == '\'' || t[i] == 0x2019)
            cut = i;
    if (cut <= 0 || cut + 1 >= end)
        return 1;
    for (Py_ssize_t i = cut + 1; i < end; i++)
        if (!Py_UNICODE_ISALPHA(t[i]))
            return 1;
    out[1] = cut;
    return 2;
}

/* Every (start, end, key) where a name may stand: capitalised words start lookups of one to several words
 * (as many as the longest name starting with that word); boundaries and case are checked later. */
static int capitalised_hits(Doc *doc, Spans *hits)
{
    Parser *p = doc->parser;
    const Py_UCS4 *t = doc->text;
    Py_ssize_t n = doc->n, i = 0, ends[2];
    while (i < n) {
        if (!(doc->flags[i] & CH_CAPITAL) || (i > 0 && (W(doc, i - 1) || t[i - 1] == '\'' || t[i - 1] == 0x2019 ||
                                                t[i - 1] == '-'))) {
            i++;
            continue;
        }
        Py_ssize_t start = i, token_end = word_tail(doc, i + 1);
        i = token_end;
        if (!Py_UNICODE_ISUPPER(t[start]))
            continue;
        Name first[2]; /* the first word, as a name and as the start of names */
        Py_ssize_t reach = 0;
        for (int e = 0, ne = name_ends(doc, token_end, ends); e < ne; e++) {
            first[e] = find_name(p, doc->folded + start, ends[e] - start);
            reach = first[e].most > reach ? first[e].most : reach;
        }
        for (Py_ssize_t r = 0; r < reach; r++) {
            for (int e = 0, ne = name_ends(doc, token_end, ends); e < ne; e++) {
                Name name = r ? find_name(p, doc->folded + start, ends[e] - start) : first[e];
                if (name.key >= 0 && spans_push(hits, start, ends[e], name.key) < 0)
                    return -1;
            }
            /* no name goes on past this word: the rest of the reach would find none */
            if (r + 1 < reach && token_end < n && !is_w(doc->folded[token_end]) &&
                !maybe_longer_name(p, doc->folded + start, token_end + 1 - start))
                break;
            Py_ssize_t next = token_end;
            while (next < n && !W(doc, next))
                next++;
            if (next >= n || next - start > p->max_name_length)
                break;
            token_end = word_tail(doc, next + 1);
        }
    }
    return 0;
}

/* names in scripts without capitals, found by the gazetteer's automaton (geoparse.uncased_hits) */
static int uncased_hits(Doc *doc, Spans *hits)
{
    PyObject *folded = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, doc->folded, doc->n);
    PyObject *found = folded ? PyObject_CallOneArg(doc->parser->uncased_hits, folded) : NULL;
    Py_XDECREF(folded);
    if (!found)
        return -1;
    PyObject *it = PyObject_GetIter(found);
    Py_DECREF(found);
    if (!it)
        return -1;
    PyObject *item;
    while ((item = PyIter_Next(it))) {
        Py_ssize_t start, end, key;
        int ok = PyArg_ParseTuple(item, "nnn", &start, &end, &key);
        Py_DECREF(item);
        if (!ok || start < 0 || end > doc->n || start >= end || key < 0 || key >= doc->parser->nkeys) {
            if (ok)
                PyErr_SetString(PyExc_ValueError, "uncased_hits gave a span outside the text or an unknown key");
            Py_DECREF(it);
            return -1;
        }
        if (spans_push(hits, start, end, key) < 0) {
            Py_DECREF(it);
            return -1;
        }
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

/* longest first, then leftmost */
static int by_length(const void *a, const void *b)
{
    const Span *x = a, *y = b;
    Py_ssize_t lx = x->end - x->start, ly = y->end - y->start;
    if (lx != ly)
        return lx > ly ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->key > y->key) - (x->key < y->key);
}

/* --- which hits are mentions -------------------------------------------------------------------------- */

/* the script of the first letter of text[start:end] (its CH_*_SCRIPT flags; 0 if none is a letter) */
static int script(Doc *doc, Py_ssize_t start, Py_ssize_t end)
{
    for (Py_ssize_t i = start; i < end; i++)
        if (Py_UNICODE_ISALPHA(doc->text[i]))
            return doc->flags[i] & (CH_CASED_SCRIPT | CH_UNBOUNDED_SCRIPT);
    return 0;
}

/* str.isupper of text[start:end], full stops skipped; `letters` counts the rest */
static int all_capitals(const Py_UCS4 *t, Py_ssize_t start, Py_ssize_t end, Py_ssize_t *letters)
{
    int cased = 0;
    *letters = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        if (t[i] == '.')
            continue;
        (*letters)++;
        if (Py_UNICODE_ISLOWER(t[i]) || Py_UNICODE_ISTITLE(t[i]))
            return 0;
        cased |= Py_UNICODE_ISUPPER(t[i]) != 0;
    }
    return cased;
}

/* a word on its own, or in a script written without spaces */
static int bounded(Doc *doc, Py_ssize_t start, Py_ssize_t end)
{
    int before = start == 0 || !(doc->flags[start - 1] & CH_WORD);
    int after = end == doc->n || !(doc->flags[end] & CH_WORD);
    return (before && after) || (script(doc, start, end) & CH_UNBOUNDED_SCRIPT);
}

/* Capitalised in cased scripts (Turkey the state, not turkey the bird); a short all-capital word matches
 * only a name written in capitals ("EU" is not the town of Eu). */
static int cased_right(Doc *doc, Py_ssize_t start, Py_ssize_t end, uint8_t flags)
{
    Py_ssize_t letters;
    if (!Py_UNICODE_ISUPPER(doc->text[start]) && (script(doc, start, end) & CH_CASED_SCRIPT))
        return 0;
    return !(all_capitals(doc->text, start, end, &letters) && letters <= 3 && !(flags & KEY_ACRONYM));
}

/* the places `key` may mean in this document's language, appended to the pool; their count, -1 on error */
static Py_ssize_t members(Doc *doc, Py_ssize_t key, uint8_t flags)
{
    Parser *p = doc->parser;
    Py_ssize_t before = doc->pool_len;
    if (!(flags & KEY_BOUND)) {
        for (Py_ssize_t i = KEY_OFFSET(p, key); i < KEY_OFFSET(p, key + 1); i++)
            if (pool_push(doc, KEY_MEMBER(p, i)) < 0)
                return -1;
        return doc->pool_len - before;
    }
    PyObject *list = PyObject_CallFunction(p->members, "nO", key, doc->lang);
    if (!list)
        return -1;
    if (!PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "members gives a list");
        Py_DECREF(list);
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyList_Size(list); i++) {
        Py_ssize_t place = PyLong_AsSsize_t(PyList_GetItem(list, i));
        if (place < 0 || place >= p->places || pool_push(doc, (int32_t)place) < 0) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "members gave an unknown place");
            Py_DECREF(list);
            return -1;
        }
    }
    Py_DECREF(list);
    return doc->pool_len - before;
}

/* a town under `population`, or a lesser subdivision: small enough to be a namesake */
static int minor(Parser *p, int32_t place, long population)
{
    int kind = KIND(p, place);
    return kind == p->kind_admin2 || (kind == p->kind_city && POPULATION(p, place) < population);
}

typedef struct {
    Py_ssize_t start, end;
} Word;

/* the word right after, when a single space separates them */
static Word word_after(Doc *doc, Py_ssize_t end)
{
    const Py_UCS4 *t = doc->text;
    Word w = {end + 1, end + 1};
    if (end + 1 < doc->n && t[end] == ' ' && W(doc, end + 1))
        for (w.end = end + 2; w.end < doc->n && (W(doc, w.end) || is_joiner(t[w.end]));)
            w.end++;
    return w;
}

/* the word right before, whatever its case or the punctuation before it ("said Harding") */
static Word word_just_before(Doc *doc, Py_ssize_t start)
{
    const Py_UCS4 *t = doc->text;
    if (start == 0 || t[start - 1] != ' ')
        return (Word){start, start};
    /* The last word of the window, as re.findall reads it: the last run of word characters and joiners that
     * holds a word character, from its first word character on. */
    Py_ssize_t window = start > doc->parser->window_before ? start - doc->parser->window_before : 0;
    for (Py_ssize_t end = start; end > window;) {
        while (end > window && !(W(doc, end - 1) || is_joiner(t[end - 1])))
            end--;
        Py_ssize_t run = end;
        while (run > window && (W(doc, run - 1) || is_joiner(t[run - 1])))
            run--;
        while (run < end && !W(doc, run))
            run++;
        if (run < end)
            return (Word){run, end};
        while (end > window && (W(doc, end - 1) || is_joiner(t[end - 1])))
            end--;
    }
    return (Word){start, start};
}

/* the word right before, unless a sentence or clause ends between them */
static Word word_before(Doc *doc, Py_ssize_t start)
{
    Py_UCS4 c = start < 2 ? 0 : doc->text[start - 2];
    if (start < 2 || c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == ',' || c == '\n')
        return (Word){start, start};
    return word_just_before(doc, start);
}

/* A capitalised word that could continue a person's name: no title, no function word, no place. 1, 0 or -1. */
static int namelike(Doc *doc, Word w)
{
    const Py_UCS4 *t = doc->text;
    Py_ssize_t a = w.start, b = w.end, letters;
    if (b - a >= 2 && t[b - 2] == '\'' && t[b - 1] == 's')
        b -= 2;
    if (b - a >= 2 && t[b - 2] == 0x2019 && t[b - 1] == 's')
        b -= 2;
    if (a == b || !Py_UNICODE_ISUPPER(t[a]) || all_capitals(t, a, b, &letters))
        return 0;
    int title = word_in(doc, doc->parser->not_names, a, b);
    if (title != 0)
        return title < 0 ? -1 : 0;
    while (b > a && t[b - 1] == '.')
        b--;
    Py_ssize_t key = key_at(doc, a, b);
    if (key < 0)
        return 1;
    uint8_t flags = key_flags(doc->parser, key);
    if (PyErr_Occurred())
        return -1;
    return !(flags & KEY_BLOCKS_NAME);
}

/* A given-name country, or a town only, written beside a name-like word is part of a person's name: the span
 * of both words ("Paris Hilton", "Kelly Jones"); 1 if so, 0 if not, -1 on error. */
static int person(Doc *doc, const Span *hit, Py_ssize_t cand, Py_ssize_t ncand, Span *out)
{
    Parser *p = doc->parser;
    Py_ssize_t start = hit->start, end = hit->end;
    int towns = 1, middle = 1, found;
    for (Py_ssize_t i = cand; i < cand + ncand; i++) {
        int32_t place = doc->pool[i];
        Py_ssize_t own = own_key(p, place);
        if (own == -2)
            return -1;
        /* a city known by another name is a namesake up to a larger size ("Boni Yayi" is no Bonn), no capital */
        towns &= minor(p, place, own != hit->key && !CAPITAL(p, place) ? p->renamed_town : p->personal_town);
        middle &= minor(p, place, p->big_city);
    }
    uint8_t flags = key_flags(p, hit->key);
    if (PyErr_Occurred())
        return -1;
    if (!towns && !(flags & KEY_GIVEN_NAME))
        return 0;
    Word after = word_after(doc, end), before = word_before(doc, start);
    Py_ssize_t la = after.end - after.start, lb = before.end - before.start;
    int after_namelike = namelike(doc, after), before_namelike = namelike(doc, before);
    if (after_namelike < 0 || before_namelike < 0)
        return -1;
    if (middle && after_namelike && before_namelike) { /* "Omar Hassan Ahmad" */
        *out = (Span){start - 1 - lb, end + 1 + la, -1};
        return 1;
    }
    if (towns) { /* "Barnes said", "said Harding", "Mr. Patterson" */
        Word just = word_just_before(doc, start);
        found = word_in(doc, p->speech, after.start, after.end);
        if (found == 0)
            found = word_in(doc, p->speech_or_honorifics, just.start, just.end);
        if (found != 0) {
            *out = (Span){start, end, -1};
            return found;
        }
    }
    if (after_namelike) {
        *out = (Span){start, end + 1 + la, -1};
        return 1;
    }
    if (before_namelike) {
        *out = (Span){start - 1 - lb, end, -1};
        return 1;
    }
    return 0;
}

static int overlaps(const Spans *spans, Py_ssize_t start, Py_ssize_t end)
{
    for (Py_ssize_t i = 0; i < spans->len; i++)
        if (start < spans->items[i].end && spans->items[i].start < end)
            return 1;
    return 0;
}

/* A subdivision named after its big city (Ulaanbaatar, Moscow, Budapest) yields to the city itself:
 * the candidates kept, appended to the pool; their count. */
static Py_ssize_t prune(Doc *doc, Py_ssize_t cand, Py_ssize_t ncand)
{
    Parser *p = doc->parser;
    Py_ssize_t before = doc->pool_len;
    for (Py_ssize_t i = cand; i < cand + ncand; i++) {
        int32_t place = doc->pool[i];
        int kind = KIND(p, place), yields = 0;
        if (kind == p->kind_admin1 || kind == p->kind_admin2)
            for (Py_ssize_t j = cand; j < cand + ncand && !yields; j++) {
                int32_t city = doc->pool[j];
                yields = KIND(p, city) == p->kind_city && POPULATION(p, city) >= p->named_city &&
                         COUNTRY(p, city) == COUNTRY(p, place);
            }
        if (!yields && pool_push(doc, place) < 0)
            return -1;
    }
    return doc->pool_len - before;
}

static int by_start(const void *a, const void *b)
{
    const Mention *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

typedef struct {
    Span hit;
    Py_ssize_t cand, ncand;
} Chosen;

/* The document's mentions (doc->mentions, in text order), each with its candidates. */
int scan_mentions(Doc *doc)
{
    Parser *p = doc->parser;
    Spans taken = {0}, hits = {0}, people = {0};
    Chosen *chosen = NULL;
    Py_ssize_t nchosen = 0;
    int status = -1;
    if (people_spans(doc, &taken) < 0 || capitalised_hits(doc, &hits) < 0 ||
        (doc->uncased && uncased_hits(doc, &hits) < 0))
        goto done;
    qsort(hits.items, hits.len, sizeof(Span), by_length);
    chosen = PyMem_Calloc(hits.len + 1, sizeof(Chosen));
    if (!chosen) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < hits.len; i++) {
        Span *h = &hits.items[i];
        if ((i > 0 && by_length(h, h - 1) == 0) || overlaps(&taken, h->start, h->end))
            continue;
        uint8_t flags = key_flags(p, h->key);
        if (PyErr_Occurred())
            goto done;
        Py_ssize_t cand = doc->pool_len, ncand = members(doc, h->key, flags);
        if (ncand < 0)
            goto done;
        if (ncand && bounded(doc, h->start, h->end) && cased_right(doc, h->start, h->end, flags)) {
            if (spans_push(&taken, h->start, h->end, h->key) < 0)
                goto done;
            chosen[nchosen++] = (Chosen){*h, cand, ncand};
        }
    }
    for (Py_ssize_t i = 0; i < nchosen; i++) {
        Span span;
        int found = person(doc, &chosen[i].hit, chosen[i].cand, chosen[i].ncand, &span);
        if (found < 0 || (found && spans_push(&people, span.start, span.end, -1) < 0))
            goto done;
    }
    doc->mentions = PyMem_Calloc(nchosen + 1, sizeof(Mention));
    if (!doc->mentions) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < nchosen; i++) {
        Span *h = &chosen[i].hit;
        if (overlaps(&people, h->start, h->end))
            continue;
        Py_ssize_t cand = doc->pool_len, ncand = prune(doc, chosen[i].cand, chosen[i].ncand);
        uint8_t flags = key_flags(p, h->key);
        if (ncand < 0)
            goto done;
        int doubtful = (flags & KEY_COMMON) || !(script(doc, h->start, h->end) & CH_CASED_SCRIPT);
        doc->mentions[doc->nmentions++] = (Mention){h->start, h->end, h->key, cand, ncand, doubtful};
    }
    qsort(doc->mentions, doc->nmentions, sizeof(Mention), by_start);
    status = 0;
done:
    PyMem_Free(taken.items);
    PyMem_Free(hits.items);
    PyMem_Free(people.items);
    PyMem_Free(chosen);
    return status;
}
