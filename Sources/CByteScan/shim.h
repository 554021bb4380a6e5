// The CSV reader's byte loops, with SSE2 (every x86-64) sixteen bytes at a
// time and their high bits gathered by one instruction (pmovmskb), which
// Swift has no spelling for; elsewhere plain loops. Header-only: Swift
// inlines them into its loops.
#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Bit i of the result: p[i] is `delimiter`, '\n' or `cr`; bit i of
/// *lines: p[i] is '\n' or `cr`. A caller without a delimiter or without
/// CR line ends passes '\n' for it. Reads exactly p[0..<64].
static inline uint64_t werkbank_stops64(const uint8_t *p, uint8_t delimiter, uint8_t cr, uint64_t *lines) {
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8((char)delimiter);
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i r = _mm_set1_epi8((char)cr);
    uint64_t stops = 0, ends = 0;
    for (int k = 0; k < 4; k++) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        const __m128i l = _mm_or_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(x, r));
        const __m128i s = _mm_or_si128(l, _mm_cmpeq_epi8(x, d));
        ends |= (uint64_t)(uint32_t)_mm_movemask_epi8(l) << (16 * k);
        stops |= (uint64_t)(uint32_t)_mm_movemask_epi8(s) << (16 * k);
    }
    *lines = ends;
    return stops;
#else
    uint64_t stops = 0, ends = 0;
    for (int i = 0; i < 64; i++) {
        const uint8_t b = p[i];
        const uint64_t bit = (uint64_t)1 << i;
        if (b == '\n' || b == cr) ends |= bit;
        if (b == '\n' || b == cr || b == delimiter) stops |= bit;
    }
    *lines = ends;
    return stops;
#endif
}

/// The length of the run of ASCII bytes (below 0x80) that starts at p, at
/// most n; bit 0 of *seen is set when a '"' is among them, bit 1 when a
/// '\r' is (UTF-8 validation notes them in the same pass for the CSV
/// reader, which then need not look for them again).
static inline size_t werkbank_ascii_run(const uint8_t *p, size_t n, uint32_t *seen) {
    size_t i = 0;
    uint32_t found = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i cr = _mm_set1_epi8('\r');
    __m128i quotes = _mm_setzero_si128(), crs = _mm_setzero_si128();
    while (i + 64 <= n) {
        const __m128i x0 = _mm_loadu_si128((const __m128i *)(p + i));
        const __m128i x1 = _mm_loadu_si128((const __m128i *)(p + i + 16));
        const __m128i x2 = _mm_loadu_si128((const __m128i *)(p + i + 32));
        const __m128i x3 = _mm_loadu_si128((const __m128i *)(p + i + 48));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(x0, x1), _mm_or_si128(x2, x3)))) break;
        quotes = _mm_or_si128(quotes, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x0, quote), _mm_cmpeq_epi8(x1, quote)),
                                                   _mm_or_si128(_mm_cmpeq_epi8(x2, quote), _mm_cmpeq_epi8(x3, quote))));
        crs = _mm_or_si128(crs, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x0, cr), _mm_cmpeq_epi8(x1, cr)),
                                             _mm_or_si128(_mm_cmpeq_epi8(x2, cr), _mm_cmpeq_epi8(x3, cr))));
        i += 64;
    }
    if (_mm_movemask_epi8(quotes)) found |= 1;
    if (_mm_movemask_epi8(crs)) found |= 2;
#endif
    while (i < n && p[i] < 0x80) {
        if (p[i] == '"') found |= 1;
        if (p[i] == '\r') found |= 2;
        i++;
    }
    *seen |= found;
    return i;
}
