// The whole C surface of werkbank: GNU readline and history, plus setters for
// readline's global variables (Swift 6 refuses to assign C globals directly
// as unsafe shared state; the shell touches them only from the main thread).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <readline/readline.h>
#include <readline/history.h>

/// Names the program for `$if werkbank` in ~/.inputrc (copied, never freed).
static inline void wb_rl_set_name(const char *name) { rl_readline_name = strdup(name); }

/// Word breaks for completion: the language's operators, brackets, quotes and `/`
/// (so a path completes one folder at a time). No quote characters: the
/// completer closes strings itself (readline would add a quote after a folder).
static inline void wb_rl_set_word_breaks(void) {
    rl_completer_word_break_characters = " \t\n\"'`|,;()[]=<>!+-*/%?";
    rl_basic_word_break_characters = " \t\n\"'`|,;()[]=<>!+-*/%?";
    rl_basic_quote_characters = "";
    rl_completer_quote_characters = NULL;
}

static inline void wb_rl_set_completion(rl_completion_func_t *f) { rl_attempted_completion_function = f; }
static inline void wb_rl_set_completion_over(int v) { rl_attempted_completion_over = v; }
static inline void wb_rl_set_suppress_append(int v) { rl_completion_suppress_append = v; }
static inline void wb_rl_set_sort_matches(int v) { rl_sort_completion_matches = v; }

/// The shell handles SIGINT and SIGWINCH itself; readline must not set
/// LINES/COLUMNS in the environment either.
static inline void wb_rl_set_signal_handling(int catch_signals) {
    rl_catch_signals = catch_signals;
    rl_catch_sigwinch = catch_signals;
    rl_change_environment = 0;
}

/// Readline reads its keys through the shell (`TerminalInput`): a key when one
/// is queued, and whether one is (with readline's keyboard timeout, in µs).
static inline void wb_rl_set_input(rl_getc_func_t *getc, rl_hook_func_t *available) {
    rl_getc_function = getc;
    rl_input_available_hook = available;
}
/// The timeout readline wants `rl_input_available_hook` to wait, in µs (read, not changed).
static inline int wb_rl_keyboard_timeout(void) { return rl_set_keyboard_input_timeout(-1); }

static inline const char *wb_rl_line_buffer(void) { return rl_line_buffer; }
static inline int wb_rl_point(void) { return rl_point; }
static inline int wb_rl_end(void) { return rl_end; }
static inline void wb_rl_move_to_end(void) { rl_point = rl_end; }
/// True during Ctrl-R / Ctrl-S or a non-incremental search.
static inline int wb_rl_searching(void) { return (rl_readline_state & (RL_STATE_ISEARCH | RL_STATE_NSEARCH)) != 0; }

static inline int wb_history_length(void) { return history_length; }

/// The text of the newest history entry, or NULL.
static inline const char *wb_history_last(void) {
    if (history_length <= 0) return NULL;
    HIST_ENTRY *e = history_get(history_base + history_length - 1);
    return e ? e->line : NULL;
}
