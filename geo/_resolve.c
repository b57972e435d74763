/* Mentions to places: each mention's candidates scored by kind, population and the document's other
 * places, in two passes (names whose candidates all lie in one country anchor the first), a name meaning
 * the same place throughout the document. The rules are documented in geo/geoparse.py. */

#include <math.h>

#include "_geoparse.h"

typedef struct {
    int32_t place; /* -1: no candidate is supported */
    double score;
} Pick;

/* 'Alexandria, Louisiana': the codes (countries and regions, in one numbering) of the regions and
 * countries after a place's comma, and of the places a region or country qualifies */
typedef struct {
    Py_ssize_t start, len; /* doc->pool[start .. start + len); len -1: none */
} Codes;

typedef struct {
    Py_ssize_t key, start, end; /* the name, folded[start:end] */
    int32_t country, admin1;
} Named;

/* the countries and regions the document's names stand for, each distinct name counted once */
typedef struct {
    Named *names;
    Py_ssize_t len;
} Context;

static int has_code(const Doc *doc, Codes codes, int32_t code)
{
    for (Py_ssize_t i = codes.start; i < codes.start + codes.len; i++)
        if (doc->pool[i] == code)
            return 1;
    return 0;
}

static int push_codes(Doc *doc, const Mention *m, int regions_only, Codes *out)
{
    Parser *p = doc->parser;
    out->start = doc->pool_len;
    for (Py_ssize_t i = m->cand; i < m->cand + m->ncand; i++) {
        int32_t place = doc->pool[i];
        int kind = KIND(p, place);
        if (regions_only && kind != p->kind_country && kind != p->kind_admin1 && kind != p->kind_region)
            continue;
        if ((ADMIN1(p, place) && pool_push(doc, ADMIN1(p, place)) < 0) || pool_push(doc, COUNTRY(p, place)) < 0)
            return -1;
    }
    out->len = doc->pool_len - out->start;
    return 0;
}

/* the text between two mentions is a comma, spaces aside */
static int comma_between(const Doc *doc, Py_ssize_t start, Py_ssize_t end)
{
    while (start < end && Py_UNICODE_ISSPACE(doc->text[start]))
        start++;
    while (end > start && Py_UNICODE_ISSPACE(doc->text[end - 1]))
        end--;
    return end - start == 1 && doc->text[start] == ',';
}

static int qualifiers(Doc *doc, Codes *inner, Codes *outer)
{
    for (Py_ssize_t i = 0; i < doc->nmentions; i++)
        inner[i].len = outer[i].len = -1;
    for (Py_ssize_t i = 0; i + 1 < doc->nmentions; i++) {
        Mention *m = &doc->mentions[i], *next = &doc->mentions[i + 1];
        if (!comma_between(doc, m->end, next->start))
            continue;
        if (push_codes(doc, next, 1, &inner[i]) < 0)
            return -1;
        if (inner[i].len == 0)
            inner[i].len = -1;
        else if (push_codes(doc, m, 0, &outer[i + 1]) < 0)
            return -1;
    }
    return 0;
}

static int qualified(const Doc *doc, int32_t place, Codes inner, Codes outer)
{
    Parser *p = doc->parser;
    int32_t country = COUNTRY(p, place), admin1 = ADMIN1(p, place);
    int kind = KIND(p, place);
    if (inner.len > 0 && (has_code(doc, inner, country) || (admin1 && has_code(doc, inner, admin1))))
        return 1;
    return outer.len > 0 && ((kind == p->kind_admin1 && has_code(doc, outer, admin1)) ||
                             (kind == p->kind_country && has_code(doc, outer, country)));
}

/* --- judgements asked of geoparse.py once per place ---------------------------------------------------- */

static double prior(Parser *p, int32_t place)
{
    if (isnan(p->prior_of[place])) {
        PyObject *r = PyObject_CallFunction(p->prior, "i", place);
        double score = r ? PyFloat_AsDouble(r) : -1.0;
        Py_XDECREF(r);
        if (PyErr_Occurred())
            return NAN;
        p->prior_of[place] = score;
    }
    return p->prior_of[place];
}

static int needs(Doc *doc, const Mention *m, int32_t place)
{
    Parser *p = doc->parser;
    Py_ssize_t own = own_key(p, place);
    if (own == -2)
        return NEED_UNKNOWN;
    int renamed = own != m->key, long_name = m->end - m->start > p->short_name;
    int8_t *need = &p->need_of[place * 8 + m->doubtful * 4 + renamed * 2 + long_name];
    if (*need == NEED_UNKNOWN) {
        PyObject *r = PyObject_CallFunction(p->needs_support, "iiii", place, m->doubtful, renamed, long_name);
        long value = r ? PyLong_AsLong(r) : -1;
        Py_XDECREF(r);
        if (value < NEED_NOTHING || value > NEED_REGION) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "needs_support gives 0, 1 or 2");
            return NEED_UNKNOWN;
        }
        *need = (int8_t)value;
    }
    return *need;
}

/* --- context ------------------------------------------------------------------------------------------- */

static void context_add(Context *c, const Mention *m, int32_t country, int32_t admin1)
{
    for (Py_ssize_t i = 0; i < c->len; i++)
        if (c->names[i].key == m->key)
            return;
    c->names[c->len++] = (Named){m->key, m->start, m->end, country, admin1};
}

/* folded[a] followed by a space starts folded[b] ("Dublin" of "Dublin City") */
static int starts_name(const Doc *doc, Py_ssize_t a0, Py_ssize_t a1, Py_ssize_t b0, Py_ssize_t b1)
{
    Py_ssize_t la = a1 - a0;
    return b1 - b0 > la && doc->folded[b0 + la] == ' ' && !memcmp(doc->folded + a0, doc->folded + b0, la * sizeof(Py_UCS4));
}

/* The context less the mention's name itself and its longer or shorter forms ("Dublin City", "Dublin"):
 * a name repeated does not vouch for its own reading. */
static void others_than(const Doc *doc, const Context *c, const Mention *m, Context *others)
{
    others->len = 0;
    for (Py_ssize_t i = 0; i < c->len; i++) {
        const Named *n = &c->names[i];
        if (!(n->key == m->key || starts_name(doc, m->start, m->end, n->start, n->end) ||
              starts_name(doc, n->start, n->end, m->start, m->end)))
            others->names[others->len++] = *n;
    }
}

/* how many of those names stand for `code` as their country (or region) */
static long support(const Context *others, int32_t code, int region)
{
    long count = 0;
    for (Py_ssize_t i = 0; i < others->len; i++)
        count += (region ? others->names[i].admin1 : others->names[i].country) == code;
    return count;
}

/* --- scoring ------------------------------------------------------------------------------------------- */

/* The best supported candidate of each mention, supported only by the document's other names. */
static int resolve(Doc *doc, const Codes *inner, const Codes *outer, const Context *c, Context *others, Pick *picks)
{
    Parser *p = doc->parser;
    for (Py_ssize_t i = 0; i < doc->nmentions; i++) {
        const Mention *m = &doc->mentions[i];
        picks[i] = (Pick){-1, 0.0};
        others_than(doc, c, m, others);
        for (Py_ssize_t j = m->cand; j < m->cand + m->ncand; j++) {
            int32_t place = doc->pool[j], country = COUNTRY(p, place), admin1 = ADMIN1(p, place);
            int kind = KIND(p, place), need = needs(doc, m, place);
            long in_country = support(others, country, 0), in_region = admin1 ? support(others, admin1, 1) : 0;
            int is_qualified = qualified(doc, place, inner[i], outer[i]);
            if (need == NEED_UNKNOWN)
                return -1;
            if ((need == NEED_COUNTRY && !(in_country > 0 || in_region > 0 || is_qualified)) ||
                (need == NEED_REGION && !(in_region > 0 || is_qualified)))
                continue;
            double score = prior(p, place);
            if (isnan(score))
                return -1;
            score += country ? p->country_support * (double)(in_country < 2 ? in_country : 2) : 0.0;
            score += in_region > 0 ? p->region_support : 0.0;
            if ((kind == p->kind_admin1 || kind == p->kind_admin2) && !in_country && !is_qualified)
                score -= p->foreign_subdivision;
            score += is_qualified ? p->qualifier_bonus : 0.0;
            if (picks[i].place < 0 || score > picks[i].score)
                picks[i] = (Pick){place, score};
        }
    }
    return 0;
}

static int candidate(const Doc *doc, const Mention *m, int32_t place)
{
    for (Py_ssize_t j = m->cand; j < m->cand + m->ncand; j++)
        if (doc->pool[j] == place)
            return 1;
    return 0;
}

static Py_ssize_t first_of(const Doc *doc, Py_ssize_t i)
{
    Py_ssize_t first = 0;
    while (doc->mentions[first].key != doc->mentions[i].key)
        first++;
    return first;
}

/* A name means the same place throughout a document: the most confident reading (kept in `best` at the
 * name's first mention) wins for all. */
static void one_sense(const Doc *doc, Pick *picks, Pick *best)
{
    for (Py_ssize_t i = 0; i < doc->nmentions; i++)
        best[i] = (Pick){-1, 0.0};
    for (Py_ssize_t i = 0; i < doc->nmentions; i++) {
        Pick *b = &best[first_of(doc, i)];
        if (picks[i].place >= 0 && (b->place < 0 || picks[i].score > b->score))
            *b = picks[i];
    }
    for (Py_ssize_t i = 0; i < doc->nmentions; i++) {
        Pick b = best[first_of(doc, i)];
        if (b.place >= 0 && candidate(doc, &doc->mentions[i], b.place))
            picks[i] = b;
    }
}

/* The places of the document's mentions: a list of geoparse.Place. */
PyObject *resolve_mentions(Doc *doc)
{
    Parser *p = doc->parser;
    Py_ssize_t n = doc->nmentions;
    Codes *inner = PyMem_Calloc(n + 1, sizeof(Codes)), *outer = PyMem_Calloc(n + 1, sizeof(Codes));
    Pick *picks = PyMem_Calloc(n + 1, sizeof(Pick)), *best = PyMem_Calloc(n + 1, sizeof(Pick));
    Context c = {PyMem_Calloc(n + 1, sizeof(Named)), 0}, others = {PyMem_Calloc(n + 1, sizeof(Named)), 0};
    PyObject *out = NULL;
    if (!inner || !outer || !picks || !best || !c.names || !others.names) {
        PyErr_NoMemory();
        goto done;
    }
    if (qualifiers(doc, inner, outer) < 0)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) { /* names whose candidates all lie in one country anchor the first pass */
        const Mention *m = &doc->mentions[i];
        int one_country = 1, unsupported = 0;
        for (Py_ssize_t j = m->cand; j < m->cand + m->ncand; j++) {
            int need = needs(doc, m, doc->pool[j]);
            if (need == NEED_UNKNOWN)
                goto done;
            one_country &= COUNTRY(p, doc->pool[j]) == COUNTRY(p, doc->pool[m->cand]);
            unsupported |= need == NEED_NOTHING;
        }
        if (m->ncand && one_country && unsupported)
            context_add(&c, m, COUNTRY(p, doc->pool[m->cand]), 0);
    }
    if (resolve(doc, inner, outer, &c, &others, picks) < 0)
        goto done;
    one_sense(doc, picks, best);
    c.len = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (picks[i].place >= 0)
            context_add(&c, &doc->mentions[i], COUNTRY(p, picks[i].place), ADMIN1(p, picks[i].place));
    if (resolve(doc, inner, outer, &c, &others, picks) < 0)
        goto done;
    one_sense(doc, picks, best);
    out = PyList_New(0);
    for (Py_ssize_t i = 0; out && i < n; i++) {
        if (picks[i].place < 0)
            continue;
        PyObject *item = found_place(doc, doc->mentions[i].start, doc->mentions[i].end, picks[i].place,
                                     picks[i].score);
        if (!item || PyList_Append(out, item) < 0)
            Py_CLEAR(out);
        Py_XDECREF(item);
    }
done:
    PyMem_Free(inner);
    PyMem_Free(outer);
    PyMem_Free(picks);
    PyMem_Free(best);
    PyMem_Free(c.names);
    PyMem_Free(others.names);
    return out;
}
