#pragma once
// Internal to targets/jira: the small facts about Jira wiki syntax that the wiki writer (wiki.cpp)
// relies on.

#include <string>
#include <string_view>

namespace issuebridge::targets::jira::wiki {

// A letter or digit as Jira's phrase patterns see one (\\p{L}, \\p{Nd}); any non-ASCII byte counts,
// which at worst drops a style next to an emoji.
bool is_word_char(char c);

// Whether "&" followed by `s` would read as a character reference ("amp;", "#169;").
bool entity_follows(std::string_view s);

// Whether `s` starts with "hN." or "bq.", which make a heading or a quote at a line start.
bool starts_line_markup(std::string_view s);

// The name Jira's code macro knows for a fence's language, "" when it knows none (any other name
// renders an error box, so those get {noformat}).
std::string jira_language(std::string_view lang);

// A URL with everything percent-encoded that would end the link ("]", "|"), open a macro ("{") or
// an image ("!"), or is not a URL character.
std::string wiki_url(std::string_view url);

// A code block as {code:lang}, {code} or {noformat}. The macro's body ends at the first "{code" (or
// "{noformat"), so the macro the code does not contain is chosen; when it contains both, the
// closing name is broken with a zero-width space after the brace.
std::string code_macro(std::string_view code, const std::string& lang);

} // namespace issuebridge::targets::jira::wiki
