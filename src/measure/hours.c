/* SPDX-License-Identifier: MIT */
/*
 * Opening hours (DESIGN.md §6; the syntax and its meaning are in include/dosah/hours.h). A
 * small recursive-descent parser over a lexer of atoms ("Mo", "07:00", "24/7", "off") and
 * the punctuation '-', ',' and ';'. Each rule yields a day program: the open minutes from the
 * day's 00:00 to the next day's 24:00, so that a range past midnight stays with the day that
 * named it and a later rule for that day replaces it whole. The seven programs are then laid
 * onto the week's bitmap of minutes, Sunday's night wrapping onto Monday. Windows reuse the
 * same lexer and day selector. No allocation.
 */
#include <ctype.h>
#include <string.h>

#include "core/core_internal.h"
#include "dosah/hours.h"

#define PROGRAM_MIN (2 * DOSAH_HOURS_DAY_MIN)
#define PROGRAM_WORDS (PROGRAM_MIN / 64)
#define TOKEN_SHOWN_MAX 40

#define HINT_DAYS "use Mo, Tu, We, Th, Fr, Sa, Su"
#define HINT_TIME "a time is written HH:MM, from 00:00 to 24:00"
#define HINT_RANGE "a time range is written like 07:00-15:30"

enum token_kind { TOKEN_END, TOKEN_ATOM, TOKEN_DASH, TOKEN_COMMA, TOKEN_SEMI };

struct token {
    enum token_kind kind;
    size_t at;   /* byte offset in the text */
    size_t len;  /* bytes */
};

struct parser {
    struct dosah_ctx *ctx;
    const char *text;
    const char *what;  /* "opening hours" or "time window" */
    size_t pos;        /* byte offset of the next token */
};

/* One rule's open minutes: bit m is minute m from the day's 00:00 (m >= 1440: next day). */
struct program {
    uint64_t bits[PROGRAM_WORDS];
};

static const char *const day_names[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

static int is_en_dash(const char *s)
{
    return (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80
           && (unsigned char)s[2] == 0x93;
}

static int ends_atom(const char *s)
{
    return *s == '\0' || isspace((unsigned char)*s) || *s == '-' || *s == ',' || *s == ';'
           || is_en_dash(s);
}

/* The token at p->pos (not consumed). */
static struct token peek(const struct parser *p)
{
    const char *s = p->text + p->pos;
    struct token t;

    while (isspace((unsigned char)*s))
        s++;
    t.at = (size_t)(s - p->text);
    t.len = 1;
    if (*s == '\0') {
        t.kind = TOKEN_END;
        t.len = 0;
    } else if (*s == '-' || is_en_dash(s)) {
        t.kind = TOKEN_DASH;
        t.len = *s == '-' ? 1 : 3;
    } else if (*s == ',') {
        t.kind = TOKEN_COMMA;
    } else if (*s == ';') {
        t.kind = TOKEN_SEMI;
    } else {
        t.kind = TOKEN_ATOM;
        for (t.len = 1; !ends_atom(s + t.len); t.len++)
            ;
    }
    return t;
}

static void advance(struct parser *p, const struct token *t)
{
    p->pos = t->at + t->len;
}

/* Position of byte offset at in characters from 1 (UTF-8 continuation bytes do not count). */
static size_t char_position(const char *text, size_t at)
{
    size_t i, n = 1;
    for (i = 0; i < at; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static enum dosah_status unexpected(struct parser *p, const struct token *t, const char *hint)
{
    const char *s = p->text + t->at;
    size_t len = t->len, at = char_position(p->text, t->at);

    if (t->kind == TOKEN_END)
        return dosah_error_set(p->ctx, DOSAH_EINVAL, "%s \"%s\": unexpected end at character "
                               "%zu; %s", p->what, p->text, at, hint);
    if (len > TOKEN_SHOWN_MAX) {
        len = TOKEN_SHOWN_MAX;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    return dosah_error_set(p->ctx, DOSAH_EINVAL, "%s \"%s\": unexpected '%.*s' at character "
                           "%zu; %s", p->what, p->text, (int)len, s, at, hint);
}

/* 1 when the atom t spells word, ignoring case. */
static int atom_is(const struct parser *p, const struct token *t, const char *word)
{
    size_t n = strlen(word), i;
    if (t->kind != TOKEN_ATOM || t->len != n)
        return 0;
    for (i = 0; i < n; i++)
        if (tolower((unsigned char)p->text[t->at + i]) != tolower((unsigned char)word[i]))
            return 0;
    return 1;
}

/* The weekday 0 (Monday) .. 6 that t names, or -1. */
static int atom_day(const struct parser *p, const struct token *t)
{
    int d;
    for (d = 0; d < 7; d++)
        if (atom_is(p, t, day_names[d]))
            return d;
    return -1;
}

static int starts_selector(const struct parser *p, const struct token *t, int allow_ph)
{
    return atom_day(p, t) >= 0 || (allow_ph && atom_is(p, t, "PH"));
}

/* One selector item: a day, a range of days (wrapping past Sunday) or PH. */
static enum dosah_status parse_day_item(struct parser *p, int allow_ph, unsigned *days, int *ph)
{
    struct token t = peek(p), u;
    int first = atom_day(p, &t), last;

    if (first < 0) {
        if (!(allow_ph && atom_is(p, &t, "PH")))
            return unexpected(p, &t, HINT_DAYS);
        advance(p, &t);
        *ph = 1;
        return DOSAH_OK;
    }
    advance(p, &t);
    last = first;
    if ((u = peek(p)).kind == TOKEN_DASH) {
        advance(p, &u);
        t = peek(p);
        if ((last = atom_day(p, &t)) < 0)
            return unexpected(p, &t, HINT_DAYS);
        advance(p, &t);
    }
    for (;; first = (first + 1) % 7) {
        *days |= 1u << first;
        if (first == last)
            break;
    }
    return DOSAH_OK;
}

/* days := item (',' item)*; a ',' not followed by a day or PH is left to the caller. */
static enum dosah_status parse_selector(struct parser *p, int allow_ph, unsigned *days, int *ph)
{
    enum dosah_status st;
    struct token t, u;
    struct parser ahead;

    for (;;) {
        if ((st = parse_day_item(p, allow_ph, days, ph)) != DOSAH_OK)
            return st;
        t = peek(p);
        if (t.kind != TOKEN_COMMA)
            return DOSAH_OK;
        ahead = *p;
        advance(&ahead, &t);
        u = peek(&ahead);
        if (!starts_selector(p, &u, allow_ph))
            return DOSAH_OK;
        advance(p, &t);
    }
}

/* A time atom H:MM or HH:MM into minutes of the day, 0 .. 1440. */
static enum dosah_status parse_time(struct parser *p, int *minutes)
{
    struct token t = peek(p);
    const char *s = p->text + t.at;
    size_t h_len = 0;
    int h = 0, m;

    if (t.kind != TOKEN_ATOM)
        return unexpected(p, &t, HINT_TIME);
    while (h_len < t.len && h_len < 3 && isdigit((unsigned char)s[h_len]))
        h = 10 * h + (s[h_len++] - '0');
    if (h_len < 1 || h_len > 2 || t.len != h_len + 3 || s[h_len] != ':'
        || !isdigit((unsigned char)s[h_len + 1]) || !isdigit((unsigned char)s[h_len + 2]))
        return unexpected(p, &t, isalpha((unsigned char)*s) ? HINT_RANGE : HINT_TIME);
    m = 10 * (s[h_len + 1] - '0') + (s[h_len + 2] - '0');
    if (h > 24 || m > 59 || (h == 24 && m != 0))
        return unexpected(p, &t, HINT_TIME);
    advance(p, &t);
    *minutes = 60 * h + m;
    return DOSAH_OK;
}

/* range := time '-' time: start 0 .. 1439, end 1 .. 1440, end < start past midnight. */
static enum dosah_status parse_range(struct parser *p, int *start, int *end)
{
    struct token first = peek(p), t;
    enum dosah_status st;

    if ((st = parse_time(p, start)) != DOSAH_OK)
        return st;
    if (*start == DOSAH_HOURS_DAY_MIN)
        return unexpected(p, &first, "a time range cannot start at 24:00; write 00:00");
    if ((t = peek(p)).kind != TOKEN_DASH)
        return unexpected(p, &t, HINT_RANGE);
    advance(p, &t);
    if ((st = parse_time(p, end)) != DOSAH_OK)
        return st;
    if (*end == *start) {
        t.at = first.at;
        t.len = p->pos - first.at;
        t.kind = TOKEN_ATOM;
        return unexpected(p, &t, "a time range must not start and end at the same time");
    }
    if (*end == 0)
        *end = DOSAH_HOURS_DAY_MIN;
    return DOSAH_OK;
}

static void program_set(struct program *prog, int from, int to)
{
    int m;
    for (m = from; m < to; m++)
        prog->bits[m / 64] |= UINT64_C(1) << (m % 64);
}

/* times := range (',' range)*, added into prog. */
static enum dosah_status parse_times(struct parser *p, struct program *prog)
{
    struct token t;
    int start, end;
    enum dosah_status st;

    for (;;) {
        if ((st = parse_range(p, &start, &end)) != DOSAH_OK)
            return st;
        program_set(prog, start, end > start ? end : end + DOSAH_HOURS_DAY_MIN);
        if ((t = peek(p)).kind != TOKEN_COMMA)
            return DOSAH_OK;
        advance(p, &t);
    }
}

/* What follows the days of a rule: times, off/closed, or nothing (all day). */
static enum dosah_status parse_rule_body(struct parser *p, int has_selector,
                                         struct program *prog, int *closed)
{
    struct token t = peek(p);

    *closed = 0;
    if (t.kind == TOKEN_END || t.kind == TOKEN_SEMI) {
        program_set(prog, 0, DOSAH_HOURS_DAY_MIN);
        return DOSAH_OK;
    }
    if (atom_is(p, &t, "off") || atom_is(p, &t, "closed")) {
        advance(p, &t);
        *closed = 1;
        return DOSAH_OK;
    }
    if (t.kind == TOKEN_ATOM && isalpha((unsigned char)p->text[t.at]))
        return unexpected(p, &t, has_selector ? "expected times like 07:00-15:30, or off"
                                              : HINT_DAYS);
    return parse_times(p, prog);
}

/* One rule; replaces the programs of the days it names. */
static enum dosah_status parse_rule(struct parser *p, struct program week[7],
                                    struct dosah_hours *h)
{
    struct program prog;
    struct token t = peek(p);
    unsigned days = 0;
    int ph = 0, closed = 0, d, has_selector = starts_selector(p, &t, 1);
    enum dosah_status st;

    memset(&prog, 0, sizeof prog);
    if (atom_is(p, &t, "24/7")) {
        advance(p, &t);
        days = DOSAH_DAYS_ALL;
        program_set(&prog, 0, DOSAH_HOURS_DAY_MIN);
    } else {
        if (has_selector && (st = parse_selector(p, 1, &days, &ph)) != DOSAH_OK)
            return st;
        if (!has_selector)
            days = DOSAH_DAYS_ALL;
        if ((st = parse_rule_body(p, has_selector, &prog, &closed)) != DOSAH_OK)
            return st;
    }
    t = peek(p);
    if (t.kind != TOKEN_END && t.kind != TOKEN_SEMI)
        return unexpected(p, &t, "rules are separated by ';'");
    for (d = 0; d < 7; d++)
        if (days & (1u << d))
            week[d] = prog;
    if (ph)
        h->public_holiday = closed ? DOSAH_HOURS_PH_OFF : DOSAH_HOURS_PH_OPEN;
    return DOSAH_OK;
}

/* Lays the day programs onto the week; Sunday's hours past midnight land on Monday. */
static void compose(const struct program week[7], struct dosah_hours *h)
{
    int d, m;

    memset(h->open, 0, sizeof h->open);
    for (d = 0; d < 7; d++)
        for (m = 0; m < PROGRAM_MIN; m++)
            if (week[d].bits[m / 64] & (UINT64_C(1) << (m % 64))) {
                int w = (d * DOSAH_HOURS_DAY_MIN + m) % DOSAH_HOURS_WEEK_MIN;
                h->open[w / 64] |= UINT64_C(1) << (w % 64);
            }
}

void dosah_hours_init(struct dosah_hours *h)
{
    memset(h, 0, sizeof *h);
    memset(h->open, 0xFF, sizeof h->open);
    h->known = 0;
    h->public_holiday = DOSAH_HOURS_PH_UNSTATED;
}

static int blank(const char *text)
{
    while (isspace((unsigned char)*text))
        text++;
    return *text == '\0';
}

enum dosah_status dosah_hours_parse(struct dosah_ctx *ctx, const char *text,
                                    struct dosah_hours *h)
{
    struct program week[7];
    struct parser p;
    struct token t;
    enum dosah_status st;

    dosah_hours_init(h);
    if (!text || blank(text))
        return DOSAH_OK;
    memset(week, 0, sizeof week);
    p.ctx = ctx;
    p.text = text;
    p.what = "opening hours";
    p.pos = 0;
    for (;;) {
        t = peek(&p);
        if (t.kind == TOKEN_END)
            break;
        if (t.kind == TOKEN_SEMI) {
            advance(&p, &t);
            continue;
        }
        if ((st = parse_rule(&p, week, h)) != DOSAH_OK) {
            dosah_hours_init(h);
            return st;
        }
    }
    compose(week, h);
    h->known = 1;
    return DOSAH_OK;
}

int dosah_hours_is_open(const struct dosah_hours *h, int minute_of_week)
{
    if (minute_of_week < 0 || minute_of_week >= DOSAH_HOURS_WEEK_MIN)
        return 0;
    return (int)((h->open[minute_of_week / 64] >> (minute_of_week % 64)) & 1u);
}

int dosah_hours_open_throughout(const struct dosah_hours *h, const struct dosah_time_window *w)
{
    int d, m, end;

    if (!h->known)
        return 1;
    if (w->start_min < 0 || w->start_min >= DOSAH_HOURS_DAY_MIN || w->end_min < 0
        || w->end_min > DOSAH_HOURS_DAY_MIN)
        return 0;
    end = w->end_min >= w->start_min ? w->end_min : w->end_min + DOSAH_HOURS_DAY_MIN;
    for (d = 0; d < 7; d++) {
        if (!(w->days & (1u << d)))
            continue;
        for (m = w->start_min; m < end; m++)
            if (!dosah_hours_is_open(h, (d * DOSAH_HOURS_DAY_MIN + m) % DOSAH_HOURS_WEEK_MIN))
                return 0;
    }
    return 1;
}

void dosah_time_window_preset(struct dosah_time_window *w, enum dosah_window_preset preset)
{
    switch (preset) {
    case DOSAH_WINDOW_WEEKDAY_EVENING:
        w->days = DOSAH_DAYS_WEEKDAYS;
        w->start_min = 18 * 60;
        w->end_min = 22 * 60;
        break;
    case DOSAH_WINDOW_WEEKEND_DAY:
        w->days = DOSAH_DAYS_WEEKEND;
        w->start_min = 9 * 60;
        w->end_min = 17 * 60;
        break;
    case DOSAH_WINDOW_WEEKDAY_DAY:
    default:
        w->days = DOSAH_DAYS_WEEKDAYS;
        w->start_min = 7 * 60;
        w->end_min = 15 * 60;
        break;
    }
}

const char *dosah_time_window_preset_name(enum dosah_window_preset preset)
{
    switch (preset) {
    case DOSAH_WINDOW_WEEKDAY_DAY:
        return "weekday_day";
    case DOSAH_WINDOW_WEEKDAY_EVENING:
        return "weekday_evening";
    case DOSAH_WINDOW_WEEKEND_DAY:
        return "weekend_day";
    }
    return NULL;
}

enum dosah_status dosah_time_window_parse(struct dosah_ctx *ctx, const char *text,
                                          struct dosah_time_window *w)
{
    struct parser p;
    struct token t;
    unsigned days = 0;
    int ph = 0, start, end;
    enum dosah_status st;

    memset(w, 0, sizeof *w);
    p.ctx = ctx;
    p.text = text ? text : "";
    p.what = "time window";
    p.pos = 0;
    t = peek(&p);
    if (atom_day(&p, &t) >= 0) {
        if ((st = parse_selector(&p, 0, &days, &ph)) != DOSAH_OK)
            return st;
    } else {
        if (t.kind == TOKEN_ATOM && isalpha((unsigned char)p.text[t.at]))
            return unexpected(&p, &t, HINT_DAYS);
        days = DOSAH_DAYS_ALL;
    }
    if ((st = parse_range(&p, &start, &end)) != DOSAH_OK)
        return st;
    if ((t = peek(&p)).kind != TOKEN_END)
        return unexpected(&p, &t, "a window is days and one time range, e.g. "
                                  "Mo-Fr 18:00-22:00");
    w->days = days;
    w->start_min = start;
    w->end_min = end;
    return DOSAH_OK;
}
