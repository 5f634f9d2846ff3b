#include "io/prototxt/text_format.hpp"

#include <cctype>

namespace archcalc::prototxt {

namespace {

struct Token {
  enum class Kind { kEnd, kIdent, kNumber, kString, kPunct };
  Kind kind = Kind::kEnd;
  std::string text;  // identifier, number, unescaped string, or the punctuation character
  SourcePos pos;
};

bool ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

class Lexer {
 public:
  Lexer(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  // The next token (whitespace and `#` comments skipped).
  Token next() {
    skip_blank();
    Token t;
    t.pos = here();
    if (i_ >= text_.size()) return t;
    char c = text_[i_];
    if (ident_start(c)) {
      t.kind = Token::Kind::kIdent;
      while (i_ < text_.size() && ident_char(text_[i_])) t.text += take();
    } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' ||
               (c == '.' && i_ + 1 < text_.size() &&
                std::isdigit(static_cast<unsigned char>(text_[i_ + 1])))) {
      t.kind = Token::Kind::kNumber;
      t.text += take();
      while (i_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[i_])) ||
                                   text_[i_] == '.' || text_[i_] == '_' ||
                                   ((text_[i_] == '-' || text_[i_] == '+') &&
                                    (text_[i_ - 1] == 'e' || text_[i_ - 1] == 'E')))) {
        t.text += take();
      }
    } else if (c == '"' || c == '\'') {
      t.kind = Token::Kind::kString;
      t.text = string_literal();
    } else {
      t.kind = Token::Kind::kPunct;
      t.text = std::string(1, take());
    }
    return t;
  }

  [[noreturn]] void fail(const SourcePos& pos, const std::string& why) const {
    throw InputError(pos, "prototxt syntax: " + why);
  }

 private:
  SourcePos here() const { return SourcePos{file_, line_, col_}; }
  char take() {
    char c = text_[i_++];
    if (c == '\n') {
      ++line_;
      col_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++col_;  // columns count characters, not UTF-8 continuation bytes
    }
    return c;
  }
  void skip_blank() {
    while (i_ < text_.size()) {
      char c = text_[i_];
      if (c == '#') {
        while (i_ < text_.size() && text_[i_] != '\n') take();
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        take();
      } else {
        break;
      }
    }
  }
  std::string string_literal() {
    SourcePos start = here();
    char quote = take();
    std::string out;
    while (true) {
      if (i_ >= text_.size() || text_[i_] == '\n') fail(start, "string not closed on its line");
      char c = take();
      if (c == quote) break;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= text_.size()) fail(start, "string not closed on its line");
      char e = take();
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        default:
          out += e;  // \" \' \\ and anything else stand for themselves
      }
    }
    return out;
  }

  std::string_view text_;
  const std::string& file_;
  std::size_t i_ = 0;
  int line_ = 1, col_ = 1;
};

class Parser {
 public:
  Parser(std::string_view text, const std::string& file) : lex_(text, file) { advance(); }

  std::vector<Field> parse_all() {
    std::vector<Field> out = fields(0, "");
    return out;
  }

 private:
  void advance() { tok_ = lex_.next(); }
  bool punct(char c) const { return tok_.kind == Token::Kind::kPunct && tok_.text[0] == c; }
  std::string describe() const {
    switch (tok_.kind) {
      case Token::Kind::kEnd:
        return "the end of the file";
      case Token::Kind::kString:
        return "a string";
      default:
        return "'" + tok_.text + "'";
    }
  }

  // Fields up to `close` ('}' or '>'), or to the end of the text when 0.
  std::vector<Field> fields(int depth, const std::string& parent) {
    std::vector<Field> out;
    while (true) {
      if (tok_.kind == Token::Kind::kEnd) {
        if (depth > 0) lex_.fail(tok_.pos, "'" + parent + "' is not closed (missing '}')");
        return out;
      }
      if (punct('}') || punct('>')) {
        if (depth == 0) lex_.fail(tok_.pos, "'" + tok_.text + "' closes nothing");
        return out;
      }
      if (tok_.kind != Token::Kind::kIdent) {
        lex_.fail(tok_.pos, "expected a field name, got " + describe());
      }
      if (++count_ > TextLimits::kMaxFields) {
        lex_.fail(tok_.pos, "more than " + std::to_string(TextLimits::kMaxFields) + " fields");
      }
      field(out, depth);
      if (punct(',') || punct(';')) advance();
    }
  }

  void field(std::vector<Field>& out, int depth) {
    Field f;
    f.name = tok_.text;
    f.pos = tok_.pos;
    advance();
    bool colon = punct(':');
    if (colon) advance();
    if (punct('{') || punct('<')) {
      message(f, depth);
      out.push_back(std::move(f));
    } else if (!colon) {
      lex_.fail(tok_.pos, "expected ':' or '{' after '" + f.name + "', got " + describe());
    } else if (punct('[')) {
      advance();
      while (!punct(']')) {
        Field item;
        item.name = f.name;
        item.pos = f.pos;
        if (punct('{') || punct('<')) {
          message(item, depth);
        } else {
          scalar(item);
        }
        out.push_back(std::move(item));
        if (punct(',')) {
          advance();
        } else if (!punct(']')) {
          lex_.fail(tok_.pos,
                    "expected ',' or ']' in the list '" + f.name + "', got " + describe());
        }
      }
      advance();
    } else {
      scalar(f);
      out.push_back(std::move(f));
    }
  }

  void message(Field& f, int depth) {
    if (depth + 1 > TextLimits::kMaxNesting) {
      lex_.fail(tok_.pos, "messages nested deeper than " + std::to_string(TextLimits::kMaxNesting));
    }
    char close = punct('{') ? '}' : '>';
    f.is_message = true;
    f.value_pos = tok_.pos;
    advance();
    f.fields = fields(depth + 1, f.name);
    if (!punct(close)) {
      lex_.fail(tok_.pos, "'" + f.name + "' opened with '" + (close == '}' ? "{" : "<") +
                              "' is closed with '" + tok_.text + "'");
    }
    advance();
  }

  void scalar(Field& f) {
    f.value_pos = tok_.pos;
    if (tok_.kind == Token::Kind::kString) {
      f.quoted = true;
      while (tok_.kind == Token::Kind::kString) {  // adjacent literals join
        f.text += tok_.text;
        advance();
      }
      return;
    }
    if (tok_.kind == Token::Kind::kIdent || tok_.kind == Token::Kind::kNumber) {
      f.text = tok_.text;
      advance();
      return;
    }
    lex_.fail(tok_.pos, "expected a value for '" + f.name + "', got " + describe());
  }

  Lexer lex_;
  Token tok_;
  std::size_t count_ = 0;
};

}  // namespace

std::vector<Field> parse_text_format(std::string_view text, const std::string& file) {
  return Parser(text, file).parse_all();
}

const Field* find_last(const std::vector<Field>& fields, std::string_view name) {
  const Field* found = nullptr;
  for (const auto& f : fields) {
    if (f.name == name) found = &f;
  }
  return found;
}

std::vector<const Field*> find_all(const std::vector<Field>& fields, std::string_view name) {
  std::vector<const Field*> out;
  for (const auto& f : fields) {
    if (f.name == name) out.push_back(&f);
  }
  return out;
}

}  // namespace archcalc::prototxt
