/* The per-glyph loop over a PDFium text page, in C.
 *
 * Python's ctypes costs about a microsecond per PDFium call and a page has thousands of
 * glyphs with five calls each; this loop makes the same calls natively and hands back one
 * row of doubles per kept glyph. It links to nothing: the PDFium functions come in as
 * pointers taken from pypdfium2's own library, so the loop always calls the PDFium that
 * pypdfium2 loaded. Loaded with ctypes (it is no Python module); without it the same loop
 * runs in Python (glyphs.py).
 *
 * Row layout (ROW doubles): unicode, loose left, loose right, origin x, origin y, size,
 * object handle, font handle, render mode, map-error flag of the object, fill lightness (0..1),
 * tight (ink) left and right.
 * Handles travel as doubles: user-space addresses fit in 48 bits, well inside a double's 53.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

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
