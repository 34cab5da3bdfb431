#include "jql.hpp"

#include "clock.hpp"

#include "issuebridge/util/strings.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace issuebridge::sandbox {

namespace {

enum class Tok { word, string, op, lparen, rparen, comma, end };

struct Token {
    Tok type = Tok::end;
    std::string text;
    std::size_t pos = 0; // 1-based character, as Jira reports it
};

// Thrown inside the parser only; parse_jql turns it into a JqlError.
struct SyntaxError {
    std::string message;
};

std::string syntax(const std::string& message, std::size_t pos) {
    return "Error in the JQL Query: " + message + " (line 1, character " + std::to_string(pos) +
           ")";
}

std::string unsupported(const std::string& what, std::size_t pos) {
    return syntax("issuebridge-sandbox does not support " + what +
                      "; it supports clauses on project, labels, key, status, created and updated "
                      "joined by AND, "
                      "and ORDER BY key, created or updated.",
                  pos);
}

bool is_word_char(char c) {
    return std::isspace(static_cast<unsigned char>(c)) == 0 &&
           std::string_view("=!<>~(),\"'").find(c) == std::string_view::npos;
}

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        const std::size_t pos = i + 1;
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            ++i;
        } else if (c == '"' || c == '\'') {
            std::string text;
            std::size_t j = i + 1;
            for (; j < s.size() && s[j] != c; ++j) {
                if (s[j] == '\\' && j + 1 < s.size()) {
                    ++j;
                }
                text += s[j];
            }
            if (j >= s.size()) {
                throw SyntaxError{
                    syntax("The quoted string '" + text + "' has not been completed.", pos)};
            }
            out.push_back({Tok::string, text, pos});
            i = j + 1;
        } else if (c == '(' || c == ')' || c == ',') {
            out.push_back({c == '('   ? Tok::lparen
                           : c == ')' ? Tok::rparen
                                      : Tok::comma,
                           std::string(1, c), pos});
            ++i;
        } else if (std::string_view("=!<>~").find(c) != std::string_view::npos) {
            std::size_t j = i + 1;
            if (j < s.size() && (s[j] == '=' || s[j] == '~') && c != '=' && c != '~') {
                ++j;
            }
            out.push_back({Tok::op, std::string(s.substr(i, j - i)), pos});
            i = j;
        } else {
            std::size_t j = i;
            while (j < s.size() && is_word_char(s[j])) {
                ++j;
            }
            out.push_back({Tok::word, std::string(s.substr(i, j - i)), pos});
            i = j;
        }
    }
    out.push_back({Tok::end, "EOF", s.size() + 1});
    return out;
}

bool keyword(const Token& t, std::string_view word) {
    return t.type == Tok::word && util::to_lower(t.text) == word;
}

std::optional<JqlField> field_named(const std::string& name) {
    const std::string n = util::to_lower(name);
    if (n == "project")
        return JqlField::project;
    if (n == "labels")
        return JqlField::labels;
    if (n == "key" || n == "issuekey")
        return JqlField::key;
    if (n == "status")
        return JqlField::status;
    if (n == "created" || n == "createddate")
        return JqlField::created;
    if (n == "updated" || n == "updateddate")
        return JqlField::updated;
    return std::nullopt;
}

bool is_date(JqlField f) { return f == JqlField::created || f == JqlField::updated; }

bool operator_allowed(JqlField f, JqlOp op) {
    if (is_date(f)) {
        return op != JqlOp::in && op != JqlOp::not_in && op != JqlOp::ne;
    }
    // Issue keys also compare, within a project, by number ("key > ABC-12"), as Jira's issueKey
    // does.
    return op == JqlOp::eq || op == JqlOp::ne || op == JqlOp::in || op == JqlOp::not_in ||
           f == JqlField::key;
}

// "-5d", "4w 2d", "+1h", "-30m": milliseconds, or nullopt.
std::optional<std::int64_t> relative_period(std::string_view s) {
    std::int64_t sign = 1;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        sign = s[0] == '-' ? -1 : 1;
        s.remove_prefix(1);
    }
    std::int64_t total = 0;
    bool any = false;
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] == ' ') {
            ++i;
            continue;
        }
        std::int64_t n = 0;
        const std::size_t start = i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) != 0 &&
               i - start < 9) {
            n = n * 10 + (s[i++] - '0');
        }
        if (i == start || i >= s.size()) {
            return std::nullopt;
        }
        const char unit = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i++])));
        const std::int64_t ms = unit == 'w'   ? 604800000
                                : unit == 'd' ? 86400000
                                : unit == 'h' ? 3600000
                                : unit == 'm' ? 60000
                                              : 0;
        if (ms == 0) {
            return std::nullopt;
        }
        total += n * ms;
        any = true;
    }
    return any ? std::optional<std::int64_t>(sign * total) : std::nullopt;
}

class Parser {
public:
    Parser(std::vector<Token> tokens, std::int64_t now_ms)
        : m_tokens(std::move(tokens)), m_now_ms(now_ms) {}

    JqlQuery parse(std::vector<std::string>& semantic) {
        JqlQuery q;
        if (!keyword(peek(), "order") && peek().type != Tok::end) {
            q.clauses.push_back(clause(semantic));
            while (keyword(peek(), "and")) {
                next();
                q.clauses.push_back(clause(semantic));
            }
        }
        if (keyword(peek(), "or")) {
            throw SyntaxError{unsupported("'OR'", peek().pos)};
        }
        if (keyword(peek(), "order")) {
            order_by(q, semantic);
        }
        if (peek().type != Tok::end) {
            throw SyntaxError{syntax(
                "Expecting either 'OR' or 'AND' but got '" + peek().text + "'.", peek().pos)};
        }
        return q;
    }

private:
    const Token& peek() const { return m_tokens[m_at]; }
    const Token& next() { return m_tokens[m_at < m_tokens.size() - 1 ? m_at++ : m_at]; }

    JqlClause clause(std::vector<std::string>& semantic) {
        const Token& name = next();
        if (name.type == Tok::lparen) {
            throw SyntaxError{unsupported("parentheses", name.pos)};
        }
        if (keyword(name, "not")) {
            throw SyntaxError{unsupported("'NOT'", name.pos)};
        }
        if (name.type != Tok::word && name.type != Tok::string) {
            throw SyntaxError{
                syntax("Expecting a field name but got '" + name.text + "'.", name.pos)};
        }
        JqlClause c;
        c.field_name = name.text;
        const auto field = field_named(name.text);
        c.op = op();
        values(c);
        if (!field) {
            semantic.push_back("Field '" + name.text +
                               "' does not exist or you do not have permission to view it.");
            return c;
        }
        c.field = *field;
        if (!operator_allowed(c.field, c.op)) {
            semantic.push_back("The operator '" + m_op_text + "' is not supported by the '" +
                               name.text + "' field.");
        } else if (is_date(c.field)) {
            resolve_date(c, semantic);
        }
        return c;
    }

    JqlOp op() {
        const Token& t = next();
        m_op_text = t.text;
        if (t.type == Tok::op) {
            if (t.text == "=")
                return JqlOp::eq;
            if (t.text == "!=")
                return JqlOp::ne;
            if (t.text == ">=")
                return JqlOp::ge;
            if (t.text == "<=")
                return JqlOp::le;
            if (t.text == ">")
                return JqlOp::gt;
            if (t.text == "<")
                return JqlOp::lt;
            throw SyntaxError{unsupported("the operator '" + t.text + "'", t.pos)};
        }
        if (keyword(t, "in")) {
            return JqlOp::in;
        }
        if (keyword(t, "not") && keyword(peek(), "in")) {
            next();
            m_op_text = "not in";
            return JqlOp::not_in;
        }
        if (keyword(t, "is") || keyword(t, "was") || keyword(t, "changed")) {
            throw SyntaxError{unsupported("the operator '" + util::to_lower(t.text) + "'", t.pos)};
        }
        throw SyntaxError{
            syntax("Expecting operator but got '" + t.text +
                       "'. The valid operators are '=', '!=', "
                       "'<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.",
                   t.pos)};
    }

    std::string value() {
        const Token& t = next();
        if (t.type == Tok::string ||
            (t.type == Tok::word && !keyword(t, "and") && !keyword(t, "order"))) {
            if (t.type == Tok::word && peek().type == Tok::lparen) {
                throw SyntaxError{unsupported("functions ('" + t.text + "()')", t.pos)};
            }
            return t.text;
        }
        throw SyntaxError{
            syntax("Expecting either a value, list or function but got '" + t.text + "'.", t.pos)};
    }

    void values(JqlClause& c) {
        if (c.op != JqlOp::in && c.op != JqlOp::not_in) {
            c.values.push_back(value());
            return;
        }
        const Token& open = next();
        if (open.type != Tok::lparen) {
            throw SyntaxError{syntax("Expecting '(' but got '" + open.text + "'.", open.pos)};
        }
        c.values.push_back(value());
        while (peek().type == Tok::comma) {
            next();
            c.values.push_back(value());
        }
        const Token& close = next();
        if (close.type != Tok::rparen) {
            throw SyntaxError{syntax("Expecting ')' but got '" + close.text + "'.", close.pos)};
        }
    }

    void resolve_date(JqlClause& c, std::vector<std::string>& semantic) const {
        const std::string& v = c.values.front();
        if (auto absolute = parse_jql_date_ms(v)) {
            c.time_ms = *absolute;
        } else if (auto period = relative_period(v)) {
            c.time_ms = m_now_ms + *period;
        } else {
            semantic.push_back(
                "Date value '" + v + "' for field '" + c.field_name +
                "' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', "
                "'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.");
        }
    }

    void order_by(JqlQuery& q, std::vector<std::string>& semantic) {
        next();
        const Token& by = next();
        if (!keyword(by, "by")) {
            throw SyntaxError{syntax("Expecting 'by' but got '" + by.text + "'.", by.pos)};
        }
        do {
            if (!q.order.empty()) {
                next(); // the comma
            }
            const Token& name = next();
            if (name.type != Tok::word && name.type != Tok::string) {
                throw SyntaxError{
                    syntax("Expecting a field name but got '" + name.text + "'.", name.pos)};
            }
            const auto field = field_named(name.text);
            JqlOrder o{field.value_or(JqlField::key), true};
            if (!field) {
                semantic.push_back("Field '" + name.text +
                                   "' does not exist or you do not have permission to view it.");
            } else if (*field != JqlField::key && !is_date(*field)) {
                semantic.push_back("Field '" + name.text + "' does not support sorting.");
            }
            if (keyword(peek(), "asc") || keyword(peek(), "desc")) {
                o.ascending = keyword(next(), "asc");
            }
            q.order.push_back(o);
        } while (peek().type == Tok::comma);
        if (q.order.size() > 7) {
            semantic.push_back("The ORDER BY clause can contain a maximum of 7 fields.");
        }
    }

    std::vector<Token> m_tokens;
    std::size_t m_at = 0;
    std::int64_t m_now_ms;
    std::string m_op_text;
};

} // namespace

std::variant<JqlQuery, JqlError> parse_jql(std::string_view text, std::int64_t now_ms) {
    try {
        std::vector<std::string> semantic;
        Parser parser(tokenize(text), now_ms);
        JqlQuery q = parser.parse(semantic);
        if (!semantic.empty()) {
            return JqlError{semantic};
        }
        return q;
    } catch (const SyntaxError& e) {
        return JqlError{{e.message}};
    }
}

} // namespace issuebridge::sandbox
