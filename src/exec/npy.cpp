#include "exec/npy.hpp"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "util/diag.hpp"

namespace archcalc::exec {

namespace {

constexpr std::string_view kMagic = "\x93NUMPY";
constexpr std::size_t kMaxHeaderBytes = 1 << 16;  // NumPy writes well under 1 KiB

// A cursor over the header's Python dict literal, e.g.
// {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
class DictReader {
 public:
  explicit DictReader(std::string_view text) : s_(text) {}

  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n')) ++i_;
  }
  bool eat(char ch) {
    skip_space();
    if (i_ < s_.size() && s_[i_] == ch) {
      ++i_;
      return true;
    }
    return false;
  }
  void expect(char ch, const char* where) {
    if (!eat(ch)) fail(std::string("expected '") + ch + "' " + where);
  }
  std::string quoted() {
    skip_space();
    if (i_ >= s_.size() || (s_[i_] != '\'' && s_[i_] != '"')) fail("expected a quoted string");
    char q = s_[i_++];
    std::size_t end = s_.find(q, i_);
    if (end == std::string_view::npos) fail("unterminated string");
    std::string out(s_.substr(i_, end - i_));
    i_ = end + 1;
    return out;
  }
  bool boolean() {
    skip_space();
    for (auto [word, value] : {std::pair{"True", true}, std::pair{"False", false}}) {
      std::string_view w(word);
      if (s_.substr(i_, w.size()) == w) {
        i_ += w.size();
        return value;
      }
    }
    fail("expected True or False");
  }
  std::vector<std::int64_t> tuple() {
    expect('(', "to open the shape");
    std::vector<std::int64_t> dims;
    while (!eat(')')) {
      skip_space();
      std::int64_t v = 0;
      std::size_t digits = 0;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
        if (++digits > 15) fail("a dimension of the shape is too large");
        v = v * 10 + (s_[i_++] - '0');
      }
      if (digits == 0) fail("expected a non-negative integer in the shape");
      if (dims.size() >= 32) fail("the shape has more than 32 dimensions");
      dims.push_back(v);
      if (!eat(',')) {
        expect(')', "to close the shape");
        break;
      }
    }
    return dims;
  }
  bool at_end() {
    skip_space();
    return i_ == s_.size();
  }
  [[noreturn]] void fail(const std::string& why) const {
    throw OpError("malformed .npy header: " + why + " at byte " + std::to_string(i_) +
                  " of the header");
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

std::uint32_t little_endian(std::string_view b, std::size_t at, std::size_t n) {
  std::uint32_t v = 0;
  for (std::size_t k = 0; k < n; ++k) v |= std::uint32_t(std::uint8_t(b[at + k])) << (8 * k);
  return v;
}

// Bytes of the magic, version and header length for a version.
std::size_t prelude_size(int major) {
  return major == 1 ? 10 : 12;
}

// The float with its bytes reversed (.npy data is little-endian).
float swap_bytes(float v) {
  return std::bit_cast<float>(__builtin_bswap32(std::bit_cast<std::uint32_t>(v)));
}

[[noreturn]] void file_error(const std::string& path, const std::string& why) {
  throw InputError(SourcePos{path, 0, 0}, why);
}

}  // namespace

NpyHeader parse_npy_header(std::string_view bytes) {
  if (bytes.size() < 10 || bytes.substr(0, kMagic.size()) != kMagic) {
    throw OpError("not a NumPy .npy file (it does not start with \\x93NUMPY)");
  }
  const int major = static_cast<std::uint8_t>(bytes[6]);
  if (major < 1 || major > 3) {
    throw OpError(".npy format version " + std::to_string(major) + " is not 1, 2 or 3");
  }
  const std::size_t prelude = prelude_size(major);
  if (bytes.size() < prelude) throw OpError("truncated .npy header");
  const std::size_t header_len = little_endian(bytes, 8, prelude - 8);
  if (header_len > kMaxHeaderBytes) {
    throw OpError(".npy header of " + std::to_string(header_len) + " bytes exceeds " +
                  std::to_string(kMaxHeaderBytes));
  }
  if (bytes.size() < prelude + header_len) throw OpError("truncated .npy header");

  NpyHeader h;
  h.data_offset = prelude + header_len;
  DictReader r(bytes.substr(prelude, header_len));
  bool has_descr = false, has_order = false, has_shape = false;
  r.expect('{', "at the start of the header");
  while (!r.eat('}')) {
    std::string key = r.quoted();
    r.expect(':', "after a key");
    if (key == "descr") {
      h.descr = r.quoted();
      has_descr = true;
    } else if (key == "fortran_order") {
      h.fortran_order = r.boolean();
      has_order = true;
    } else if (key == "shape") {
      h.shape = r.tuple();
      has_shape = true;
    } else {
      r.fail("unknown key '" + key + "'");
    }
    if (!r.eat(',')) {
      r.expect('}', "to close the header");
      break;
    }
  }
  if (!r.at_end()) r.fail("unexpected text after the header's dict");
  if (!has_descr || !has_order || !has_shape) {
    throw OpError("malformed .npy header: it needs 'descr', 'fortran_order' and 'shape'");
  }
  return h;
}

void load_npy(const std::string& path, Array& t, std::span<const std::vector<std::int64_t>> also) {
  std::ifstream f(path, std::ios::binary);
  if (!f) file_error(path, std::string("cannot open: ") + std::strerror(errno));
  f.seekg(0, std::ios::end);
  const auto file_size = static_cast<std::uint64_t>(f.tellg());
  f.seekg(0);

  NpyHeader h;
  try {
    std::string head(12, '\0');
    f.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(f.gcount()));
    std::size_t want = head.size();
    if (head.size() >= 10 && head.substr(0, kMagic.size()) == kMagic) {
      const int major = static_cast<std::uint8_t>(head[6]);
      const std::size_t prelude = prelude_size(major == 1 ? 1 : 2);
      if (head.size() >= prelude) {
        want = prelude +
               std::min<std::size_t>(little_endian(head, 8, prelude - 8), kMaxHeaderBytes + 1);
      }
    }
    if (want > head.size()) {
      std::size_t had = head.size();
      head.resize(want);
      f.read(head.data() + had, static_cast<std::streamsize>(want - had));
      head.resize(had + static_cast<std::size_t>(f.gcount()));
    }
    h = parse_npy_header(head);
  } catch (const OpError& e) {
    file_error(path, e.what());
  }

  if (h.descr != "<f4") {
    file_error(path, "holds dtype '" + h.descr +
                         "', not little-endian float32 ('<f4'); save arr.astype('<f4')");
  }
  if (h.fortran_order) {
    file_error(path, "holds a Fortran-order array; save np.ascontiguousarray(arr)");
  }
  bool accepted = h.shape == t.dims();
  for (const auto& s : also) accepted = accepted || h.shape == s;
  if (!accepted) {
    file_error(path, "holds shape " + shape_text(h.shape) + ", expected " + shape_text(t.dims()));
  }
  const std::uint64_t data_bytes = t.bytes();
  if (file_size != h.data_offset + data_bytes) {
    file_error(path, "holds " + std::to_string(file_size - std::min(file_size, h.data_offset)) +
                         " bytes of data, expected " + std::to_string(data_bytes) + " for shape " +
                         shape_text(h.shape));
  }
  f.seekg(static_cast<std::streamoff>(h.data_offset));
  f.read(reinterpret_cast<char*>(t.data()), static_cast<std::streamsize>(data_bytes));
  if (!f) file_error(path, "cannot read the data");
  if constexpr (std::endian::native == std::endian::big) {
    for (float& v : t.values()) v = swap_bytes(v);
  }
}

void save_npy(const std::string& path, std::span<const float> values,
              std::span<const std::int64_t> dims) {
  std::size_t elements = 1;
  for (auto d : dims) elements *= static_cast<std::size_t>(d);
  if (elements != values.size()) throw std::invalid_argument("save_npy: shape and data disagree");
  std::string dict =
      "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape_text(dims) + ", }";
  // Pad with spaces so that the data starts on a 64-byte boundary.
  std::size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  std::string prelude(kMagic);
  prelude += '\x01';
  prelude += '\x00';
  prelude += static_cast<char>(dict.size() & 0xff);
  prelude += static_cast<char>(dict.size() >> 8);

  std::ofstream f(path, std::ios::binary);
  if (!f) file_error(path, std::string("cannot create: ") + std::strerror(errno));
  f << prelude << dict;
  if constexpr (std::endian::native == std::endian::big) {
    for (float v : values) {
      v = swap_bytes(v);
      f.write(reinterpret_cast<const char*>(&v), sizeof v);
    }
  } else {
    f.write(reinterpret_cast<const char*>(values.data()),
            static_cast<std::streamsize>(values.size() * sizeof(float)));
  }
  if (!f.flush()) file_error(path, std::string("cannot write: ") + std::strerror(errno));
}

}  // namespace archcalc::exec
