#pragma once
// Internal to targets/jira: building ADF JSON nodes. The walker in adf.cpp decides what goes where; this
// writes it.

#include "issuebridge/util/json_writer.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace issuebridge::targets::jira::adf {

// A block node already serialized, with its type for the content rules that look at it.
struct Block {
    std::string type;
    std::string json;
};
using Blocks = std::vector<Block>;

// The marks on a run of text. ADF lets code combine only with link, so code runs carry nothing
// else.
struct Marks {
    bool em = false;
    bool strong = false;
    bool strike = false;
    bool code = false;
    std::string href; // a link mark when not empty
    bool operator==(const Marks&) const = default;
};

// Marks with one flag set (or not).
Marks with(bool Marks::*flag, bool on = true);
// Marks with only a link.
Marks linked(std::string href);

// The inline content of one paragraph, heading or task item. Adjacent text with the same marks is
// merged (cmark splits text at every bracket), and empty text is dropped (ADF text nodes must not
// be empty).
class Inlines {
public:
    Inlines() { m_w.begin_array(); }

    void text(std::string_view t, const Marks& m);
    void hard_break();
    bool empty() const { return m_count == 0 && m_text.empty(); }
    // The JSON array; the object is spent afterwards.
    std::string take();

private:
    void flush();

    util::JsonWriter m_w;
    std::size_t m_count = 0;
    std::string m_text;
    Marks m_marks;
};

// {"type":…,"attrs":…,"marks":…,"content":…}, each a serialized JSON value; empty parts are left
// out.
std::string node(std::string_view type, const std::string& attrs = {}, const std::string& content = {},
                 const std::string& marks = {});
// The blocks as a JSON array.
std::string array_of(const Blocks& blocks);
// {"type":"paragraph","content":[]}: for the places that must not be empty.
Block empty_paragraph();

} // namespace issuebridge::targets::jira::adf
