/* geo._geoparse: the Parser holding the gazetteer's tables and the rules' constants and judgements handed
 * over by geo/geoparse.py, and its parse(text, lang) (text to mentions in _scan.c, mentions to places in
 * _resolve.c). */

#include <math.h>

#include "_geoparse.h"

static int get_buffer(PyObject *obj, Py_buffer *buf, Py_ssize_t itemsize, Py_ssize_t count, const char *what)
{
    if (PyObject_GetBuffer(obj, buf, PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    if (buf->itemsize != itemsize || (count >= 0 && buf->len != count * itemsize)) {
        PyErr_Format(PyExc_ValueError, "%s: expected %zd items of %zd bytes", what, count, itemsize);
        return -1;
    }
    return 0;
}

static int constant(PyObject *constants, const char *name, double *out)
{
    PyObject *v = PyDict_GetItemString(constants, name);
    if (!v) {
        PyErr_Format(PyExc_KeyError, "constant %s missing", name);
        return -1;
    }
    *out = PyFloat_AsDouble(v);
    return PyErr_Occurred() ? -1 : 0;
}

static int read_constants(Parser *p, PyObject *c)
{
    double v[17];
    const char *names[17] = {"kind_country",    "kind_admin1",    "kind_admin2",        "kind_city",
                             "kind_region",     "personal_town",  "renamed_town",       "big_city",
                             "named_city",      "short_name",     "max_name_length",    "suffix_after_apostrophe",
                             "window_before",   "country_support", "region_support",    "foreign_subdivision",
                             "qualifier_bonus"};
    if (!PyDict_Check(c)) {
        PyErr_SetString(PyExc_TypeError, "constants is a dict");
        return -1;
    }
    for (int i = 0; i < 17; i++)
        if (constant(c, names[i], &v[i]) < 0)
            return -1;
    p->kind_country = (int)v[0], p->kind_admin1 = (int)v[1], p->kind_admin2 = (int)v[2], p->kind_city = (int)v[3];
    p->kind_region = (int)v[4], p->personal_town = (long)v[5], p->renamed_town = (long)v[6];
    p->big_city = (long)v[7], p->named_city = (long)v[8], p->short_name = (Py_ssize_t)v[9];
    p->max_name_length = (Py_ssize_t)v[10], p->suffix_after_apostrophe = (Py_ssize_t)v[11];
    p->window_before = (Py_ssize_t)v[12], p->country_support = v[13], p->region_support = v[14];
    p->foreign_subdivision = v[15], p->qualifier_bonus = v[16];
    return 0;
}

static int Parser_init(Parser *p, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"names",         "other_first_words", "not_names",  "speech", "speech_or_honorifics",
                             "people",        "kind",        "population", "capital", "country",
                             "admin1",        "key_offsets", "key_members", "most_words", "char_traits", "key_traits",
                             "members",       "uncased_hits", "prior",     "needs_support", "own_key",
                             "constants",     "place_class", "place_fields", "describe",   NULL};
    PyObject *people, *kind, *population, *capital, *country, *admin1, *offsets, *members, *most, *constants;
    PyObject **held[] = {&p->names, &p->other_first_words, &p->not_names, &p->speech, &p->speech_or_honorifics,
                         &p->char_traits, &p->key_traits, &p->members, &p->uncased_hits, &p->prior,
                         &p->needs_support, &p->own_key, &p->place_class, &p->place_fields, &p->describe};
    if (p->names) {
        PyErr_SetString(PyExc_RuntimeError, "a Parser is built once");
        return -1;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!O!O!O!O!O!OOOOOOOOOOOOOOOO!OO!O", kwlist, &PyList_Type, &p->names,
                                     &PyDict_Type, &p->other_first_words, &PyFrozenSet_Type, &p->not_names,
                                     &PyFrozenSet_Type, &p->speech, &PyFrozenSet_Type, &p->speech_or_honorifics,
                                     &PyList_Type, &people, &kind, &population, &capital, &country, &admin1, &offsets,
                                     &members, &most, &p->char_traits, &p->key_traits, &p->members, &p->uncased_hits,
                                     &p->prior, &p->needs_support, &p->own_key, &PyDict_Type, &constants,
                                     &p->place_class, &PyTuple_Type, &p->place_fields, &p->describe)) {
        for (size_t i = 0; i < sizeof(held) / sizeof(*held); i++)
            *held[i] = NULL;
        return -1;
    }
    for (size_t i = 0; i < sizeof(held) / sizeof(*held); i++)
        Py_INCREF(*held[i]);
    if (get_buffer(kind, &p->kind, 1, -1, "kind") < 0)
        return -1;
    p->places = p->kind.len;
    if (get_buffer(population, &p->population, 8, p->places, "population") < 0 ||
        get_buffer(capital, &p->capital, 1, p->places, "capital") < 0 ||
        get_buffer(country, &p->country, 4, p->places, "country") < 0 ||
        get_buffer(admin1, &p->admin1, 4, p->places, "admin1") < 0 ||
        get_buffer(offsets, &p->key_offsets, 4, -1, "key_offsets") < 0 ||
        get_buffer(members, &p->key_members, 4, -1, "key_members") < 0)
        return -1;
    p->nkeys = p->key_offsets.len / 4 - 1;
    if (PyList_GET_SIZE(p->names) != p->nkeys || get_buffer(most, &p->most_words, 1, p->nkeys, "most_words") < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "one name a key");
        return -1;
    }
    if (p->nkeys < 0 || KEY_OFFSET(p, p->nkeys) * 4 != p->key_members.len) {
        PyErr_SetString(PyExc_ValueError, "key_offsets do not index key_members");
        return -1;
    }
    for (Py_ssize_t i = 0; i < p->key_members.len / 4; i++)
        if (KEY_MEMBER(p, i) < 0 || KEY_MEMBER(p, i) >= p->places) {
            PyErr_SetString(PyExc_ValueError, "key_members name a place out of range");
            return -1;
        }
    p->folded = PyMem_Calloc(MAX_CODE_POINT, sizeof(Py_UCS4));
    p->char_flags = PyMem_Calloc(MAX_CODE_POINT, 1);
    p->key_flags = PyMem_Calloc(p->nkeys + 1, 1);
    p->prior_of = PyMem_Calloc(p->places + 1, sizeof(double));
    p->own_key_of = PyMem_Calloc(p->places + 1, sizeof(int32_t));
    p->need_of = PyMem_Calloc(p->places * 8 + 1, 1);
    p->described = PyMem_Calloc(p->places + 1, sizeof(PyObject *));
    if (!p->folded || !p->char_flags || !p->key_flags || !p->prior_of || !p->own_key_of || !p->need_of || !p->described) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < p->places; i++) {
        p->prior_of[i] = NAN;
        p->own_key_of[i] = -2;
    }
    memset(p->need_of, NEED_UNKNOWN, p->places * 8);
    if (build_names(p) < 0)
        return -1;
    if (!PyType_Check(p->place_class) || PyTuple_GET_SIZE(p->place_fields) != 8) {
        PyErr_SetString(PyExc_TypeError, "place_class is a class of 8 fields, named in place_fields");
        return -1;
    }
    p->no_args = PyTuple_New(0);
    p->round_float = PyObject_GetAttrString((PyObject *)&PyFloat_Type, "__round__");
    p->score_digits = PyDict_GetItemString(constants, "score_digits");
    Py_XINCREF(p->score_digits);
    if (!p->no_args || !p->round_float || !p->score_digits) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_KeyError, "constant score_digits missing");
        return -1;
    }
    return build_people(p, people) < 0 ? -1 : read_constants(p, constants);
}

static void Parser_dealloc(Parser *p)
{
    PyObject **held[] = {&p->names, &p->other_first_words, &p->not_names, &p->speech, &p->speech_or_honorifics,
                         &p->char_traits, &p->key_traits, &p->members, &p->uncased_hits, &p->prior,
                         &p->needs_support, &p->own_key, &p->place_class, &p->place_fields, &p->describe};
    for (size_t i = 0; i < sizeof(held) / sizeof(*held); i++)
        Py_CLEAR(*held[i]);
    Py_CLEAR(p->no_args);
    for (int i = 0; i < ROUNDED; i++)
        Py_CLEAR(p->rounded[i]);
    Py_CLEAR(p->other_words);
    Py_CLEAR(p->round_float);
    Py_CLEAR(p->score_digits);
    Py_buffer *buffers[] = {&p->kind, &p->population, &p->capital, &p->country, &p->admin1, &p->key_offsets,
                            &p->key_members, &p->most_words};
    for (size_t i = 0; i < sizeof(buffers) / sizeof(*buffers); i++)
        if (buffers[i]->obj)
            PyBuffer_Release(buffers[i]);
    for (Py_ssize_t i = 0; p->people && i < p->npeople; i++)
        PyMem_Free(p->people[i]);
    for (Py_ssize_t i = 0; p->described && i < p->places; i++)
        Py_XDECREF(p->described[i]);
    void *owned[] = {p->folded,    p->char_flags, p->key_flags,    p->prior_of,     p->own_key_of,
                     p->need_of,   p->people,     p->people_len, p->people_space,   p->bucket_start, p->bucket_names,
                     p->slots, p->filter, p->prefix_filter, p->described};
    for (size_t i = 0; i < sizeof(owned) / sizeof(*owned); i++)
        PyMem_Free(owned[i]);
    Py_TYPE(p)->tp_free((PyObject *)p);
}

/* round(score, score_digits), as Python rounds; scores recur (the same place in the same context), so the
 * last answers are kept */
static PyObject *rounded(Parser *p, double score)
{
    uint64_t bits;
    memcpy(&bits, &score, sizeof bits);
    size_t i = (size_t)((bits * 0x9E3779B97F4A7C15ull) >> 56); /* ROUNDED slots */
    if (!p->rounded[i] || memcmp(&p->unrounded[i], &score, sizeof score)) {
        PyObject *unrounded = PyFloat_FromDouble(score);
        PyObject *r = unrounded ? PyObject_Vectorcall(p->round_float, (PyObject *[]){unrounded, p->score_digits}, 2,
                                                      NULL)
                                : NULL;
        Py_XDECREF(unrounded);
        if (!r)
            return NULL;
        Py_XSETREF(p->rounded[i], r);
        p->unrounded[i] = score;
    }
    return Py_NewRef(p->rounded[i]);
}

/* geoparse.Place(name, start, end, country, lat, lon, kind, score rounded to score_digits places) */
PyObject *found_place(Doc *doc, Py_ssize_t start, Py_ssize_t end, int32_t place, double score)
{
    Parser *p = doc->parser;
    if (!p->described[place]) {
        PyObject *d = PyObject_CallFunction(p->describe, "i", place);
        if (d && (!PyTuple_Check(d) || PyTuple_GET_SIZE(d) != 4)) {
            PyErr_SetString(PyExc_TypeError, "describe gives (country, lat, lon, kind)");
            Py_CLEAR(d);
        }
        if (!d)
            return NULL;
        p->described[place] = d;
    }
    /* Its fields are set as the dataclass's own __init__ sets them (object.__setattr__, the class being frozen)
     * but without its Python frame, which cost as much as the rest of the place's parse. */
    PyObject *d = p->described[place], *out = PyBaseObject_Type.tp_new((PyTypeObject *)p->place_class, p->no_args, NULL);
    PyObject *values[8] = {PyUnicode_Substring(doc->text_str, start, end), PyLong_FromSsize_t(start),
                           PyLong_FromSsize_t(end), PyTuple_GET_ITEM(d, 0), PyTuple_GET_ITEM(d, 1),
                           PyTuple_GET_ITEM(d, 2), PyTuple_GET_ITEM(d, 3), rounded(p, score)};
    for (int i = 0; out && i < 8; i++)
        if (!values[i] || PyObject_GenericSetAttr(out, PyTuple_GET_ITEM(p->place_fields, i), values[i]) < 0)
            Py_CLEAR(out);
    Py_XDECREF(values[0]);
    Py_XDECREF(values[1]);
    Py_XDECREF(values[2]);
    Py_XDECREF(values[7]);
    return out;
}

static PyObject *Parser_parse(Parser *p, PyObject *args)
{
    PyObject *text, *lang = Py_None, *out = NULL;
    if (!PyArg_ParseTuple(args, "U|O:parse", &text, &lang))
        return NULL;
    if (!p->names) {
        PyErr_SetString(PyExc_RuntimeError, "Parser not built");
        return NULL;
    }
    Doc doc = {.parser = p, .lang = lang, .text_str = text, .n = PyUnicode_GetLength(text)};
    doc.text = PyMem_Malloc((doc.n + 1) * sizeof(Py_UCS4));
    doc.folded = PyMem_Malloc((doc.n + 1) * sizeof(Py_UCS4));
    doc.flags = PyMem_Malloc(doc.n + 1);
    if (!doc.text || !doc.folded || !doc.flags) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
    } else if (traits_of_text(&doc) == 0 && scan_mentions(&doc) == 0) {
        out = resolve_mentions(&doc);
    }
    PyMem_Free(doc.text);
    PyMem_Free(doc.folded);
    PyMem_Free(doc.flags);
    PyMem_Free(doc.pool);
    PyMem_Free(doc.mentions);
    return out;
}

static PyMethodDef Parser_methods[] = {
    {"parse", (PyCFunction)Parser_parse, METH_VARARGS,
     "parse(text, lang=None): the places named in text (geoparse.Place)"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ParserType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "geo._geoparse.Parser",
    .tp_doc = "The geoparser's compiled core over one gazetteer (built by geo.geoparse).",
    .tp_basicsize = sizeof(Parser),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Parser_init,
    .tp_dealloc = (destructor)Parser_dealloc,
    .tp_methods = Parser_methods,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, .m_name = "geo._geoparse", .m_doc = "The geoparser's compiled core.", .m_size = -1,
};

PyMODINIT_FUNC PyInit__geoparse(void)
{
    if (PyType_Ready(&ParserType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m && (PyModule_AddObjectRef(m, "Parser", (PyObject *)&ParserType) < 0 ||
              PyModule_AddIntConstant(m, "CH_WORD", CH_WORD) < 0 ||
              PyModule_AddIntConstant(m, "CH_CASED_SCRIPT", CH_CASED_SCRIPT) < 0 ||
              PyModule_AddIntConstant(m, "CH_UNBOUNDED_SCRIPT", CH_UNBOUNDED_SCRIPT) < 0 ||
              PyModule_AddIntConstant(m, "CH_UNCASED_LETTER", CH_UNCASED_LETTER) < 0 ||
              PyModule_AddIntConstant(m, "KEY_COMMON", KEY_COMMON) < 0 ||
              PyModule_AddIntConstant(m, "KEY_ACRONYM", KEY_ACRONYM) < 0 ||
              PyModule_AddIntConstant(m, "KEY_BOUND", KEY_BOUND) < 0 ||
              PyModule_AddIntConstant(m, "KEY_GIVEN_NAME", KEY_GIVEN_NAME) < 0 ||
              PyModule_AddIntConstant(m, "KEY_BLOCKS_NAME", KEY_BLOCKS_NAME) < 0 ||
              PyModule_AddIntConstant(m, "NEED_NOTHING", NEED_NOTHING) < 0 ||
              PyModule_AddIntConstant(m, "NEED_COUNTRY", NEED_COUNTRY) < 0 ||
              PyModule_AddIntConstant(m, "NEED_REGION", NEED_REGION) < 0))
        Py_CLEAR(m);
    return m;
}
