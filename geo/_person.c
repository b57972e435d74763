/* A given-name country, or a town only, written beside a name-like word is part of a person's name
 * ("Paris Hilton", "Kelly Jones", "Barnes said", "Mr. Patterson"). The rules are documented in
 * geo/geoparse.py. */

#include "_geoparse.h"

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
int person(Doc *doc, const Span *hit, Py_ssize_t cand, Py_ssize_t ncand, Span *out)
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
