/*
 * The PDF reader's fetching loops in C (optional: the reader falls back to
 * ctypes calls that fill the same buffers when this module is not built).
 *
 * Each function is given the addresses of the PDFium functions it calls
 * (taken from pypdfium2's ctypes bindings, so nothing is linked or loaded
 * here) and a handle, and calls them in a loop, writing what PDFium answers
 * into buffers the Python side passed and then reads.  Nothing is decided
 * here: which glyphs, which objects and what is done with the answers stay
 * in _pdfium.py.
 *
 * Every length is checked against the buffers given (buffer protocol), no
 * read or write goes past them, the GIL is held throughout (PDFium is not
 * thread-safe; the Python side's lock rules stay), and every bad argument
 * is a Python exception.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef int (*loose_box_fn)(void *text_page, int index, float *rect);   /* FS_RECTF: left, top, right, bottom */
typedef double (*font_size_fn)(void *text_page, int index);
typedef int (*map_error_fn)(void *text_page, int index);
typedef void *(*page_object_fn)(void *page, int index);
typedef void *(*form_object_fn)(void *form, unsigned long index);
typedef int (*object_type_fn)(void *object);
typedef int (*object_matrix_fn)(void *object, float *matrix);            /* FS_MATRIX: a, b, c, d, e, f */
typedef int (*segment_count_fn)(void *path);
typedef void *(*segment_fn)(void *path, int index);
typedef int (*segment_point_fn)(void *segment, float *x, float *y);
typedef int (*segment_int_fn)(void *segment);

/* n addresses from a tuple of Python ints, none of them NULL */
static int
addresses(PyObject *fns, void **out, Py_ssize_t n)
{
    if (!PyTuple_Check(fns) || PyTuple_GET_SIZE(fns) != n) {
        PyErr_Format(PyExc_TypeError, "expected a tuple of %zd function addresses", n);
        return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        void *p = PyLong_AsVoidPtr(PyTuple_GET_ITEM(fns, k));
        if (p == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "a function address is NULL");
            return -1;
        }
        out[k] = p;
    }
    return 0;
}

static void *
handle(PyObject *obj)
{
    void *p = PyLong_AsVoidPtr(obj);
    if (p == NULL && !PyErr_Occurred())
        PyErr_SetString(PyExc_ValueError, "a NULL handle");
    return p;
}

PyDoc_STRVAR(glyphs_doc,
"glyphs(fns, text_page, n, at, boxes, sizes, errors)\n\n"
"For each glyph index in ``at`` (C ints, each in 0..n-1): its loose box into\n"
"``boxes`` (four floats a glyph), its font size into ``sizes`` (a double a\n"
"glyph) and its Unicode map error into ``errors`` (a C int a glyph).\n"
"``fns``: the addresses of FPDFText_GetLooseCharBox, FPDFText_GetFontSize,\n"
"FPDFText_HasUnicodeMapError.  A box PDFium does not write is left as it is.");

static PyObject *
glyphs(PyObject *self, PyObject *args)
{
    PyObject *fns, *tp_obj;
    Py_ssize_t n;
    Py_buffer at, boxes, sizes, errors;
    void *f[3];
    if (!PyArg_ParseTuple(args, "OOny*w*w*w*", &fns, &tp_obj, &n, &at, &boxes, &sizes, &errors))
        return NULL;
    PyObject *result = NULL;
    void *tp;
    if (addresses(fns, f, 3) < 0 || (tp = handle(tp_obj)) == NULL)
        goto done;
    if (at.len % (Py_ssize_t)sizeof(int) != 0) {
        PyErr_SetString(PyExc_ValueError, "the glyph indices are not C ints");
        goto done;
    }
    Py_ssize_t m = at.len / (Py_ssize_t)sizeof(int);
    if (boxes.len / (Py_ssize_t)(4 * sizeof(float)) < m || sizes.len / (Py_ssize_t)sizeof(double) < m
            || errors.len / (Py_ssize_t)sizeof(int) < m) {
        PyErr_SetString(PyExc_ValueError, "an output buffer is shorter than the glyph indices");
        goto done;
    }
    if (n < 0 || n > INT_MAX) {
        PyErr_SetString(PyExc_ValueError, "the glyph count is out of range");
        goto done;
    }
    loose_box_fn loose_box = (loose_box_fn)f[0];
    font_size_fn font_size = (font_size_fn)f[1];
    map_error_fn map_error = (map_error_fn)f[2];
    const char *ip = (const char *)at.buf;
    char *bp = (char *)boxes.buf, *sp = (char *)sizes.buf, *ep = (char *)errors.buf;
    for (Py_ssize_t k = 0; k < m; k++) {
        int index;
        memcpy(&index, ip + k * sizeof(int), sizeof(int));
        if (index < 0 || index >= n) {
            PyErr_Format(PyExc_IndexError, "glyph index %d is not below %zd", index, n);
            goto done;
        }
        float rect[4];
        memcpy(rect, bp + k * sizeof(rect), sizeof(rect));
        loose_box(tp, index, rect);
        memcpy(bp + k * sizeof(rect), rect, sizeof(rect));
        double size = font_size(tp, index);
        memcpy(sp + k * sizeof(double), &size, sizeof(double));
        int error = map_error(tp, index);
        memcpy(ep + k * sizeof(int), &error, sizeof(int));
    }
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&at);
    PyBuffer_Release(&boxes);
    PyBuffer_Release(&sizes);
    PyBuffer_Release(&errors);
    return result;
}

PyDoc_STRVAR(objects_doc,
"objects(fns, owner, form, handles, kinds)\n\n"
"Every object of a page (``form`` false: FPDFPage_GetObject) or of a form\n"
"XObject (``form`` true: FPDFFormObj_GetObject), as many as ``kinds`` holds\n"
"(C ints): its handle into ``handles`` (a pointer-sized unsigned int each, 0\n"
"for NULL) and its type into ``kinds``.  ``fns``: the addresses of\n"
"FPDFPage_GetObject, FPDFFormObj_GetObject, FPDFPageObj_GetType.");

static PyObject *
objects(PyObject *self, PyObject *args)
{
    PyObject *fns, *owner_obj;
    int form;
    Py_buffer handles, kinds;
    void *f[3];
    if (!PyArg_ParseTuple(args, "OOpw*w*", &fns, &owner_obj, &form, &handles, &kinds))
        return NULL;
    PyObject *result = NULL;
    void *owner;
    if (addresses(fns, f, 3) < 0 || (owner = handle(owner_obj)) == NULL)
        goto done;
    if (kinds.len % (Py_ssize_t)sizeof(int) != 0) {
        PyErr_SetString(PyExc_ValueError, "the kinds are not C ints");
        goto done;
    }
    Py_ssize_t m = kinds.len / (Py_ssize_t)sizeof(int);
    if (m > INT_MAX || handles.len / (Py_ssize_t)sizeof(uintptr_t) < m) {
        PyErr_SetString(PyExc_ValueError, "the handles buffer is shorter than the kinds");
        goto done;
    }
    page_object_fn page_object = (page_object_fn)f[0];
    form_object_fn form_object = (form_object_fn)f[1];
    object_type_fn object_type = (object_type_fn)f[2];
    char *hp = (char *)handles.buf, *kp = (char *)kinds.buf;
    for (Py_ssize_t k = 0; k < m; k++) {
        void *obj = form ? form_object(owner, (unsigned long)k) : page_object(owner, (int)k);
        uintptr_t address = (uintptr_t)obj;
        int kind = object_type(obj);  /* PDFium answers "unknown" for NULL */
        memcpy(hp + k * sizeof(uintptr_t), &address, sizeof(uintptr_t));
        memcpy(kp + k * sizeof(int), &kind, sizeof(int));
    }
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&handles);
    PyBuffer_Release(&kinds);
    return result;
}

/* a segment as the reader unpacks it (struct "=ffBB2x"): x, y, type, close flag */
#define SEGMENT_SIZE 12

PyDoc_STRVAR(path_doc,
"path(fns, obj, matrix, limit) -> (n, segments)\n\n"
"A path object's matrix into ``matrix`` (six floats; left as it is when\n"
"PDFium has none), its segment count ``n`` and, when 1 < n <= limit, its\n"
"segments as bytes, 12 a segment (struct \"=ffBB2x\": x, y, type, close flag;\n"
"a segment PDFium has no point for is left out), else None.  ``fns``: the\n"
"addresses of FPDFPageObj_GetMatrix, FPDFPath_CountSegments,\n"
"FPDFPath_GetPathSegment, FPDFPathSegment_GetPoint, FPDFPathSegment_GetType,\n"
"FPDFPathSegment_GetClose.");

static PyObject *
path(PyObject *self, PyObject *args)
{
    PyObject *fns, *obj_obj;
    Py_buffer matrix;
    Py_ssize_t limit;
    void *f[6];
    if (!PyArg_ParseTuple(args, "OOw*n", &fns, &obj_obj, &matrix, &limit))
        return NULL;
    PyObject *result = NULL;
    void *obj;
    if (addresses(fns, f, 6) < 0 || (obj = handle(obj_obj)) == NULL)
        goto done;
    if (matrix.len < (Py_ssize_t)(6 * sizeof(float))) {
        PyErr_SetString(PyExc_ValueError, "the matrix buffer holds fewer than six floats");
        goto done;
    }
    float m6[6];
    memcpy(m6, matrix.buf, sizeof(m6));
    ((object_matrix_fn)f[0])(obj, m6);
    memcpy(matrix.buf, m6, sizeof(m6));
    int n = ((segment_count_fn)f[1])(obj);
    if (n <= 1 || n > limit) {
        result = Py_BuildValue("(iO)", n, Py_None);
        goto done;
    }
    PyObject *data = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n * SEGMENT_SIZE);
    if (data == NULL)
        goto done;
    char *out = PyBytes_AS_STRING(data);
    segment_fn segment = (segment_fn)f[2];
    segment_point_fn point = (segment_point_fn)f[3];
    segment_int_fn type = (segment_int_fn)f[4], closes = (segment_int_fn)f[5];
    Py_ssize_t kept = 0;
    for (int k = 0; k < n; k++) {
        void *seg = segment(obj, k);
        float x = 0.0f, y = 0.0f;
        if (!point(seg, &x, &y))
            continue;
        unsigned char kind = (unsigned char)type(seg), close = closes(seg) ? 1 : 0;
        char *p = out + kept * SEGMENT_SIZE;
        memcpy(p, &x, 4);
        memcpy(p + 4, &y, 4);
        p[8] = (char)kind;
        p[9] = (char)close;
        p[10] = p[11] = 0;
        kept++;
    }
    if (kept < n && _PyBytes_Resize(&data, kept * SEGMENT_SIZE) < 0)
        goto done;
    result = Py_BuildValue("(iN)", n, data);
done:
    PyBuffer_Release(&matrix);
    return result;
}

static PyMethodDef methods[] = {
    {"glyphs", glyphs, METH_VARARGS, glyphs_doc},
    {"objects", objects, METH_VARARGS, objects_doc},
    {"path", path, METH_VARARGS, path_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "gxconvert.readers.pdf._native",
    "The PDF reader's PDFium fetching loops in C (optional).", -1, methods,
};

PyMODINIT_FUNC
PyInit__native(void)
{
    return PyModule_Create(&module);
}
