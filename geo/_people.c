/* The watched people's full names in the text: every occurrence, in the folded text with hyphens read as
 * spaces ("Vladimir Putin", "Владимир Путин", "فلاديمير بوتين"). They are never places. */

#include "_geoparse.h"

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

/* every occurrence of a watched person's full name in the folded text, hyphens read as spaces */
int people_spans(Doc *doc, Spans *taken)
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
