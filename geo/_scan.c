/* Text to mentions: every gazetteer name standing as a word of its own, the longest where names
 * overlap, leaving out the watched people's names (_people.c) and any name that is part of a person's name
 * (_person.c). The rules are documented in geo/geoparse.py. */

#include "_geoparse.h"

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
Py_ssize_t key_at(const Doc *doc, Py_ssize_t start, Py_ssize_t end)
{
    return find_name(doc->parser, doc->folded + start, end - start).key;
}

/* whether folded[start:end] is in the Python set `words`; -1 on error */
int word_in(Doc *doc, PyObject *words, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, doc->folded + start, end - start);
    if (!s)
        return -1;
    int found = PySet_Contains(words, s);
    Py_DECREF(s);
    return found;
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
int script(Doc *doc, Py_ssize_t start, Py_ssize_t end)
{
    for (Py_ssize_t i = start; i < end; i++)
        if (Py_UNICODE_ISALPHA(doc->text[i]))
            return doc->flags[i] & (CH_CASED_SCRIPT | CH_UNBOUNDED_SCRIPT);
    return 0;
}

/* str.isupper of text[start:end], full stops skipped; `letters` counts the rest */
int all_capitals(const Py_UCS4 *t, Py_ssize_t start, Py_ssize_t end, Py_ssize_t *letters)
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
