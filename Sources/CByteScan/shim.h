// The CSV scanner's inner step: which of 64 bytes are field stops (the
// delimiter or a line end) and which are line ends, as bit masks. With SSE2
// (every x86-64) sixteen bytes are compared at once and their high bits
// gathered by one instruction (pmovmskb), which Swift has no spelling for;
// elsewhere a plain loop. Header-only: Swift inlines it into the scanner.
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
