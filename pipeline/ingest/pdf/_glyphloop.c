/* The per-glyph loop over a PDFium text page, in C.
 *
 * Python's ctypes costs about a microsecond per PDFium call and a page has thousands of
 * glyphs with five calls each; this loop makes the same calls natively and hands back one
 * row of doubles per kept glyph. It links to no library: the PDFium functions come in as
 * pointers taken from pypdfium2's own library, so the loop always calls the PDFium that
 * pypdfium2 loaded. Loaded with ctypes (it is no Python module); without it the same loop
 * runs in Python (glyphs.py).
 *
 * Row layout (ROW doubles): unicode, loose left, loose right, origin x, origin y, size,
 * object handle, font handle, render mode, map-error flag of the object, fill lightness (0..1),
 * tight (ink) left and right.
 * Handles travel as doubles: user-space addresses fit in 48 bits, well inside a double's 53.
 *
 * rvx_build turns those rows into the page's Glyph records (glyphs.py `_rows_to_glyphs`, which
 * it replaces operation for operation); it uses the Python C API and is called through
 * ctypes.PyDLL, with the GIL held.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* rvx_build's arithmetic must round as Python's does: one operation at a time, never fused */
#pragma GCC optimize("fp-contract=off")

#define ROW 13

typedef struct { float left, top, right, bottom; } rectf;
typedef struct { float a, b, c, d, e, f; } matrixf;

typedef int (*count_fn)(void *);
typedef unsigned int (*unicode_fn)(void *, int);
typedef int (*loose_fn)(void *, int, rectf *);
typedef int (*origin_fn)(void *, int, double *, double *);
typedef void *(*textobj_fn)(void *, int);
typedef int (*generated_fn)(void *, int);
typedef int (*objsize_fn)(void *, float *);
typedef void *(*objfont_fn)(void *);
typedef int (*objmode_fn)(void *);
typedef int (*objmatrix_fn)(void *, matrixf *);
typedef int (*maperr_fn)(void *, int);
typedef int (*charbox_fn)(void *, int, double *, double *, double *, double *);
typedef int (*objfill_fn)(void *, unsigned int *, unsigned int *, unsigned int *, unsigned int *);

enum { F_COUNT, F_UNICODE, F_LOOSE, F_ORIGIN, F_TEXTOBJ, F_GENERATED, F_OBJSIZE, F_OBJFONT, F_OBJMODE,
       F_OBJMATRIX, F_MAPERR, F_OBJFILL, F_CHARBOX, F_N };

int rvx_count(void *tp, void **fns) { return ((count_fn)fns[F_COUNT])(tp); }

/* Fills `out` (room for `cap` rows) with the page's glyphs; returns rows written, or -1 if
 * `cap` was too small. Line ends and generated spaces are skipped, as are glyphs of objects
 * that are not upright or are too small to see (counted in skipped[0]). */
int rvx_glyphs(void *tp, void **fns, double *out, int cap, double min_size, int *skipped) {
    int n = ((count_fn)fns[F_COUNT])(tp);
    unicode_fn uni = (unicode_fn)fns[F_UNICODE];
    loose_fn loose = (loose_fn)fns[F_LOOSE];
    origin_fn origin = (origin_fn)fns[F_ORIGIN];
    textobj_fn textobj = (textobj_fn)fns[F_TEXTOBJ];
    generated_fn generated = (generated_fn)fns[F_GENERATED];
    objsize_fn objsize = (objsize_fn)fns[F_OBJSIZE];
    objfont_fn objfont = (objfont_fn)fns[F_OBJFONT];
    objmode_fn objmode = (objmode_fn)fns[F_OBJMODE];
    objmatrix_fn objmatrix = (objmatrix_fn)fns[F_OBJMATRIX];
    maperr_fn maperr = (maperr_fn)fns[F_MAPERR];
    objfill_fn objfill = (objfill_fn)fns[F_OBJFILL];
    charbox_fn charbox = (charbox_fn)fns[F_CHARBOX];
    void *last = 0, *font = 0;
    double size = 0.0, gray = 0.0;
    int upright = 0, mode = 0, err = 0, rows = 0, skip = 0;
    for (int i = 0; i < n; i++) {
        unsigned int u = uni(tp, i);
        if (u == 10 || u == 13) continue;
        if (u == 32 && generated(tp, i)) continue;
        void *obj = textobj(tp, i);
        if (!obj) continue;
        if (obj != last) {
            last = obj;
            float fs = 0.0f;
            matrixf m = {0, 0, 0, 0, 0, 0};
            objsize(obj, &fs);
            objmatrix(obj, &m);
            size = (double)fs * hypot((double)m.c, (double)m.d);
            upright = fabs((double)m.b) < 1e-3 * fmax(fabs((double)m.a), 1e-6) && m.a > 0 && m.d > 0;
            font = objfont(obj);
            mode = objmode(obj);
            err = maperr(tp, i);
            unsigned int cr = 0, cg = 0, cb = 0, ca = 0;
            gray = objfill(obj, &cr, &cg, &cb, &ca) ? (cr + cg + cb) / 765.0 : 0.0;
        }
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
            unsigned int lo = uni(tp, i + 1);
            if (lo >= 0xDC00 && lo <= 0xDFFF) u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            continue;
        }
        if (size <= min_size || !upright) { skip++; continue; }
        if (rows >= cap) return -1;
        rectf r = {0, 0, 0, 0};
        double ox = 0.0, oy = 0.0;
        loose(tp, i, &r);
        origin(tp, i, &ox, &oy);
        double *row = out + (size_t)rows * ROW;
        row[0] = (double)u;
        row[1] = r.left;
        row[2] = r.right;
        row[3] = ox;
        row[4] = oy;
        row[5] = size;
        row[6] = (double)(uintptr_t)obj;
        row[7] = (double)(uintptr_t)font;
        row[8] = (double)mode;
        row[9] = (double)err;
        row[10] = gray;
        double tl = 0, tr = 0, tb = 0, tt = 0;
        if (!charbox(tp, i, &tl, &tr, &tb, &tt)) { tl = r.left; tr = r.right; }
        row[11] = tl;
        row[12] = tr;
        rows++;
    }
    skipped[0] = skip;
    return rows;
}

/* Page objects, form XObjects opened (depth-first, at most 64 deep): one row of OROW doubles
 * per text, path, image or top-level form object: kind, left, bottom, right, top, path segments,
 * handle (bounds of objects inside forms are in the form's space: only their kind is of use).
 * Returns rows written (at most `cap`). */
#define OROW 7
typedef int (*pcount_fn)(void *);
typedef void *(*pget_fn)(void *, int);
typedef int (*fcount_fn)(void *);
typedef void *(*fget_fn)(void *, unsigned long);
typedef int (*otype_fn)(void *);
typedef int (*obounds_fn)(void *, float *, float *, float *, float *);
typedef int (*psegs_fn)(void *);

enum { O_PCOUNT, O_PGET, O_FCOUNT, O_FGET, O_TYPE, O_BOUNDS, O_SEGS, O_N };

int rvx_objects(void *page, void **fns, double *out, int cap) {
    void *stack[64];
    int next[64];
    int depth = 0, rows = 0;
    stack[0] = page;
    next[0] = 0;
    while (depth >= 0 && rows < cap) {
        void *parent = stack[depth];
        int count = depth == 0 ? ((pcount_fn)fns[O_PCOUNT])(parent) : ((fcount_fn)fns[O_FCOUNT])(parent);
        if (next[depth] >= count) { depth--; continue; }
        int k = next[depth]++;
        void *obj = depth == 0 ? ((pget_fn)fns[O_PGET])(parent, k) : ((fget_fn)fns[O_FGET])(parent, (unsigned long)k);
        if (!obj) continue;
        int kind = ((otype_fn)fns[O_TYPE])(obj);
        int form = kind == 5;
        if (kind != 1 && kind != 2 && kind != 3 && !form) continue;
        if (form && depth > 0) { /* nested form: bounds are in its parent's space; open it only */
            if (depth + 1 < 64) { depth++; stack[depth] = obj; next[depth] = 0; }
            continue;
        }
        float l = 0, b = 0, r = 0, t = 0;
        if (!((obounds_fn)fns[O_BOUNDS])(obj, &l, &b, &r, &t)) continue;
        double *row = out + (size_t)rows * OROW;
        row[0] = kind;
        row[1] = l;
        row[2] = b;
        row[3] = r;
        row[4] = t;
        row[5] = kind == 2 ? ((psegs_fn)fns[O_SEGS])(obj) : 0;
        row[6] = (double)(uintptr_t)obj;
        rows++;
        if (form && depth + 1 < 64) { depth++; stack[depth] = obj; next[depth] = 0; }
    }
    return rows;
}

/* Glyph records from `n` rows (glyphs.py `_rows_to_glyphs` takes the same steps in Python).
 * facts: font handle (float) -> (face, bold, italic); doubled: set of object handles (int) drawn
 * twice; wide: set of font handles (float) whose boxes are em wide; flagged: set that receives the
 * face of every font with a map error. Appends to `glyphs`; returns the count of unmapped codes. */
static int rvx_full_width(long u) {
    return (0x4E00 <= u && u <= 0x9FFF) || (0x3000 <= u && u <= 0x303F) || (0xFF01 <= u && u <= 0xFF60) ||
           (0x3400 <= u && u <= 0x4DBF) || (0xF900 <= u && u <= 0xFAFF);
}

static PyObject *rvx_glyph(PyObject *cls, long iu, double x0, double x1, double top, double bottom, double base,
                           double size, PyObject *face, int heavy, PyObject *italic, long long o, double gray, int ink) {
    PyObject *args[13] = {0};
    PyObject *out = NULL;
    args[0] = PyUnicode_FromOrdinal((int)iu);
    args[1] = PyFloat_FromDouble(x0);
    args[2] = PyFloat_FromDouble(x1);
    args[3] = PyFloat_FromDouble(top);
    args[4] = PyFloat_FromDouble(bottom);
    args[5] = PyFloat_FromDouble(base);
    args[6] = PyFloat_FromDouble(size);
    args[7] = Py_NewRef(face);
    args[8] = PyBool_FromLong(heavy);
    args[9] = Py_NewRef(italic);
    args[10] = PyLong_FromLongLong(o);
    args[11] = PyFloat_FromDouble(gray);
    args[12] = PyBool_FromLong(ink);
    int ok = 1;
    for (int k = 0; k < 13; k++) ok = ok && args[k] != NULL;
    if (ok) out = PyObject_Vectorcall(cls, args, 13, NULL);
    for (int k = 0; k < 13; k++) Py_XDECREF(args[k]);
    return out;
}

/* 1 when `value` (a float handle, or an int handle if `as_int`) is in `set`, 0 when not, -1 on error */
static int rvx_in(PyObject *set, double value, int as_int) {
    PyObject *key = as_int ? PyLong_FromLongLong((long long)value) : PyFloat_FromDouble(value);
    if (!key) return -1;
    int r = PySet_Contains(set, key);
    Py_DECREF(key);
    return r;
}

PyObject *rvx_build(PyObject *cls, const double *rows, int n, double x0m, double y1m, double ascent, double descent,
                    PyObject *facts, PyObject *doubled, PyObject *wide, PyObject *flagged, PyObject *glyphs) {
    double last_font = -1.0, last_obj = -1.0, up = 0.0, down = 0.0;
    PyObject *face = NULL, *italic = NULL;
    int bold = 0, heavy = 0, has_wide = PySet_GET_SIZE(wide) > 0;
    long long o = 0;
    long unmapped = 0;
    for (int i = 0; i < n; i++) {
        const double *r = rows + (size_t)i * ROW;
        double left = r[1], right = r[2], ox = r[3], oy = r[4], size = r[5], obj = r[6], font = r[7];
        double mode = r[8], err = r[9], gray = r[10], tleft = r[11], tright = r[12];
        if (font != last_font) {
            last_font = font;
            PyObject *key = PyFloat_FromDouble(font);
            if (!key) return NULL;
            PyObject *t = PyDict_GetItemWithError(facts, key);
            Py_DECREF(key);
            if (!t) {
                if (!PyErr_Occurred()) PyErr_SetString(PyExc_KeyError, "font handle without facts");
                return NULL;
            }
            face = PyTuple_GET_ITEM(t, 0);
            bold = PyObject_IsTrue(PyTuple_GET_ITEM(t, 1));
            italic = PyTuple_GET_ITEM(t, 2);
            last_obj = -1.0;
        }
        if (err != 0.0 && PySet_Add(flagged, face) < 0) return NULL;
        long iu = (long)r[0];
        if (iu == 0 || iu == 0xFFFD || (0xE000 <= iu && iu <= 0xF8FF) || iu >= 0xF0000) {
            unmapped++;
            continue;
        }
        if (obj != last_obj) {
            last_obj = obj;
            o = (long long)obj;
            heavy = bold || mode == 2.0 || mode == 6.0;
            if (!heavy) {
                int d = rvx_in(doubled, obj, 1);
                if (d < 0) return NULL;
                heavy = d;
            }
            up = ascent * size;
            down = descent * size;
        }
        double base = y1m - oy;
        int ink = 0;
        if (has_wide && tright > tleft) {
            ink = rvx_in(wide, font, 0);
            if (ink < 0) return NULL;
        }
        if (ink) {
            left = tleft < left ? tleft : left; /* Python's min(left, tleft) */
            right = tright;
        } else {
            double width = right - left;
            if (width < size && rvx_full_width(iu)) {
                double em = ox + size;
                left = ox;
                right = em > right ? em : right; /* Python's max(right, ox + size) */
            }
        }
        double x0 = left - x0m, x1 = right - x0m, top = base - up, bottom = base + down;
        PyObject *g = rvx_glyph(cls, iu, x0, x1, top, bottom, base, size, face, heavy, italic, o, gray, ink);
        if (!g) return NULL;
        int added = PyList_Append(glyphs, g);
        Py_DECREF(g);
        if (added < 0) return NULL;
    }
    return PyLong_FromLong(unmapped);
}

/* Sorts the indices in `idx` by key[idx * stride], stably (merge sort; `tmp` has room for n). */
static void rvx_sort(const double *key, int stride, int *idx, int *tmp, int n) {
    for (int w = 1; w < n; w *= 2) {
        for (int lo = 0; lo < n; lo += 2 * w) {
            int mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            int a = lo, b = mid, k = lo;
            while (a < mid && b < hi) tmp[k++] = key[(size_t)idx[b] * stride] < key[(size_t)idx[a] * stride] ? idx[b++] : idx[a++];
            while (a < mid) tmp[k++] = idx[a++];
            while (b < hi) tmp[k++] = idx[b++];
        }
        for (int i = 0; i < n; i++) idx[i] = tmp[i];
    }
}

/* Indices 0..n-1 ordered by key. */
static void rvx_order(const double *key, int stride, int *idx, int *tmp, int n) {
    for (int i = 0; i < n; i++) idx[i] = i;
    rvx_sort(key, stride, idx, tmp, n);
}

/* Font handles whose half-width Latin glyphs come back about an em wide: glyphs.py
 * `_em_wide_faces` on the `n` rows of rvx_glyphs. Writes the handles to `out` (room for n) and
 * returns their count, or -1 for a width that is not a number (left to Python). `width` has room
 * for n doubles, `font` for n doubles, `scratch` for 2n ints. */
int rvx_em_wide(const double *rows, int n, double em_wide, double *out, double *width, double *font, int *scratch) {
    int m = 0;
    for (int i = 0; i < n; i++) {
        const double *r = rows + (size_t)i * ROW;
        double u = r[0];
        if (!(u <= 0x7A && (0x61 <= u || (0x2C <= u && u <= 0x2E) || (0x30 <= u && u <= 0x39)))) continue;
        double size = r[5];
        double per = 0.1 > size ? 0.1 : size; /* Python's max(size, 0.1) */
        double w = (r[2] - r[1]) / per;
        if (isnan(w) || isnan(r[7])) return -1;
        width[m] = w;
        font[m] = r[7];
        m++;
    }
    int *idx = scratch, *tmp = scratch + n;
    rvx_order(width, 1, idx, tmp, m);
    rvx_sort(font, 1, idx, tmp, m); /* stable: by font, each font's widths in ascending order */
    int count = 0;
    for (int a = 0; a < m;) {
        int b = a;
        while (b < m && font[idx[b]] == font[idx[a]]) b++;
        int len = b - a;
        if (len >= 3 && width[idx[a + len / 2]] > em_wide) out[count++] = font[idx[a]];
        a = b;
    }
    return count;
}

/* Faux-bold twins among `n` text objects (rows of x0, y0, x1, y1): glyphs.py `_doubled`, the same
 * grid of cells 2*tol wide, where an object meets the earlier objects of its own cell and of the
 * neighbours its position leans to. Sets flags[i] for both objects of every pair; `scratch` has
 * room for 2n ints. Returns -1 (nothing decided) for a coordinate the grid cannot place. */
int rvx_doubled(const double *t, int n, double tol, int *flags, int *scratch) {
    double cell = 2 * tol;
    for (int i = 0; i < n; i++) {
        flags[i] = 0;
        double fx = t[(size_t)i * 4] / cell, fy = t[(size_t)i * 4 + 1] / cell;
        if (!isfinite(fx) || !isfinite(fy) || fabs(fx) > 1e15 || fabs(fy) > 1e15) return -1;
    }
    int *idx = scratch, *tmp = scratch + n;
    rvx_order(t, 4, idx, tmp, n);
    for (int a = 0; a < n; a++) {
        int i = idx[a];
        const double *p = t + (size_t)i * 4;
        double fx = p[0] / cell, fy = p[1] / cell;
        double gx = trunc(fx), gy = trunc(fy); /* Python's int(): toward zero */
        double dx = fx - gx < 0.5 ? -1 : 1, dy = fy - gy < 0.5 ? -1 : 1;
        /* a twin within tol of x0 sits next to it in x0 order; only earlier objects count */
        for (int dir = -1; dir <= 1; dir += 2) {
            for (int b = a + dir; b >= 0 && b < n; b += dir) {
                int j = idx[b];
                const double *q = t + (size_t)j * 4;
                if (fabs(p[0] - q[0]) > tol) break;
                if (j > i) continue;
                double ux = trunc(q[0] / cell), uy = trunc(q[1] / cell);
                if (!((ux == gx || ux == gx + dx) && (uy == gy || uy == gy + dy))) continue;
                if (fabs(p[1] - q[1]) <= tol && fabs(p[2] - q[2]) <= tol && fabs(p[3] - q[3]) <= tol) {
                    flags[i] = 1;
                    flags[j] = 1;
                }
            }
        }
    }
    return 0;
}

/* Glyphs (rows of top, bottom, x0, x1, size, in top-then-x0 order) chained into pieces: lines.py
 * `pieces` before its join step, step for step. piece[i] receives glyph i's piece; bounds gets
 * each piece's x0, x1, top, bottom, size (room for n rows); `active` has room for n ints.
 * Returns the number of pieces. */
int rvx_pieces(const double *g, int n, double piece_gap, double row_overlap, int *piece, double *bounds, int *active) {
    int pieces = 0, nactive = 0, last = -1;
    for (int i = 0; i < n; i++) {
        const double *c = g + (size_t)i * 5;
        double ct = c[0], cb = c[1], cx0 = c[2], cx1 = c[3], cs = c[4];
        if ((nactive && bounds[(size_t)active[0] * 5 + 3] < ct) || nactive > 8) {
            int k = 0;
            for (int a = 0; a < nactive; a++)
                if (bounds[(size_t)active[a] * 5 + 3] >= ct) active[k++] = active[a];
            nactive = k;
        }
        double span = cb - ct;
        double h = 0.1 > span ? 0.1 : span; /* Python's max(cb - ct, 0.1) */
        int best = -1;
        double best_ov = 0.0;
        if (last >= 0) {
            double *p = bounds + (size_t)last * 5;
            double lim = piece_gap * (cs > p[4] ? cs : p[4]);
            double reach = p[1] + lim;
            double from = p[1] - 1.0;
            if (from <= cx0 && cx0 <= reach) {
                double ov = (cb < p[3] ? cb : p[3]) - (ct > p[2] ? ct : p[2]);
                double ph = p[3] - p[2];
                double least = ph < h ? ph : h; /* Python's min(h, bottom - top) */
                double need = row_overlap * least;
                if (ov >= need && ov > 0) best = last;
            }
        }
        int last_fits = best >= 0; /* the fast path took it: no scan of the active pieces */
        for (int a = 0; last_fits == 0 && a < nactive; a++) {
            int k = active[a];
            double *p = bounds + (size_t)k * 5;
            double lim = piece_gap * (cs > p[4] ? cs : p[4]);
            double right = p[1] + lim, left = p[0] - lim;
            if (cx0 > right || cx1 < left) continue;
            double ov = (cb < p[3] ? cb : p[3]) - (ct > p[2] ? ct : p[2]);
            double ph = p[3] - p[2];
            double least = ph < h ? ph : h;
            double need = row_overlap * least;
            if (ov > best_ov && ov >= need) {
                best = k;
                best_ov = ov;
            }
        }
        if (best < 0) {
            double *p = bounds + (size_t)pieces * 5;
            p[0] = cx0; p[1] = cx1; p[2] = ct; p[3] = cb; p[4] = cs;
            piece[i] = pieces;
            active[nactive++] = pieces;
            last = pieces++;
            continue;
        }
        last = best;
        piece[i] = best;
        double *p = bounds + (size_t)best * 5;
        if (cx0 < p[0]) p[0] = cx0;
        if (cx1 > p[1]) p[1] = cx1;
        double grown = p[4] + 0.05;
        if (cs > grown) { p[2] = ct; p[3] = cb; p[4] = cs; }
    }
    return pieces;
}
