// NumPy .npy reading and writing: the exact bytes written, a round trip, and
// every kind of malformed file refused with one clear error before any data
// is read.
#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>

#include "exec/npy.hpp"
#include "helpers.hpp"
#include "test_exec_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;
using exec::Array;

namespace {

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// A version 1.0 file with `dict` as its header (padded as NumPy does) and `data`.
std::string npy(const std::string& dict, const std::string& data, char major = 1) {
  std::string d = dict;
  std::size_t prelude = major == 1 ? 10 : 12;
  while ((prelude + d.size() + 1) % 64) d += ' ';
  d += '\n';
  std::string out = std::string("\x93NUMPY", 6) + major + '\0';
  out += static_cast<char>(d.size() & 0xff);
  out += static_cast<char>((d.size() >> 8) & 0xff);
  if (major != 1) out += std::string(2, '\0');
  return out + d + data;
}

std::string floats(std::vector<float> v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
}

// The error load_npy gives for `bytes` read into a tensor of `dims`.
std::string load_error(const TempDir& dir, const std::string& bytes,
                       std::vector<std::int64_t> dims) {
  std::string path = dir.file("bad.npy");
  write_bytes(path, bytes);
  Array t(std::move(dims));
  try {
    exec::load_npy(path, t);
  } catch (const InputError& e) {
    return e.render();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("exec npy: the bytes written are NumPy's version 1.0 layout", "[exec][npy]") {
  TempDir dir("npy_write");
  Array t = tensor_of({2, 3}, {1, 2, 3, 4, 5, 6.5f});
  exec::save_npy(dir.file("t.npy"), t.values(), t.dims());
  std::string bytes = read_bytes(dir.file("t.npy"));
  // 10 bytes of magic, version and length, then the 59-character dict padded
  // with spaces and a newline so that the data starts at byte 128.
  REQUIRE(bytes.size() == 128 + 24);
  CHECK(bytes.substr(0, 8) == std::string("\x93NUMPY\x01\x00", 8));
  CHECK(static_cast<unsigned char>(bytes[8]) + 256 * static_cast<unsigned char>(bytes[9]) == 118);
  CHECK(bytes.substr(10, 118) == "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" +
                                     std::string(58, ' ') + "\n");
  CHECK(bytes.substr(128) == floats({1, 2, 3, 4, 5, 6.5f}));
  // A 1-D shape is written with NumPy's trailing comma.
  Array v = tensor_of({3}, {1, 2, 3});
  exec::save_npy(dir.file("v.npy"), v.values(), v.dims());
  CHECK(read_bytes(dir.file("v.npy")).find("'shape': (3,), }") != std::string::npos);
}

TEST_CASE("exec npy: a round trip keeps every bit", "[exec][npy]") {
  TempDir dir("npy_round");
  Array t = tensor_of({2, 1, 2, 2}, {1e-30f, -0.0f, 3.25f, 1e30f, -7, 8, 0.1f, -0.1f});
  exec::save_npy(dir.file("t.npy"), t.values(), t.dims());
  Array back({2, 1, 2, 2});
  exec::load_npy(dir.file("t.npy"), back);
  CHECK(std::memcmp(back.data(), t.data(), t.bytes()) == 0);
  // A file NumPy would write (version 2.0 header, double-quoted keys) reads too.
  write_bytes(
      dir.file("v2.npy"),
      npy("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2,)}", floats({4, 5}), 2));
  Array two({2});
  exec::load_npy(dir.file("v2.npy"), two);
  CHECK(std::vector<float>(two.data(), two.data() + 2) == std::vector<float>{4, 5});
}

TEST_CASE("exec npy: malformed files are refused with one clear line", "[exec][npy]") {
  TempDir dir("npy_bad");
  const std::string path = dir.file("bad.npy");
  const std::string ok_dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  CHECK(load_error(dir, npy(ok_dict, floats({1, 2})), {2}) == "(no error)");
  CHECK(load_error(dir, "hello", {2}) ==
        path + ": error: not a NumPy .npy file (it does not start with \\x93NUMPY)");
  CHECK(load_error(dir, "", {2}) ==
        path + ": error: not a NumPy .npy file (it does not start with \\x93NUMPY)");
  CHECK(load_error(dir, npy(ok_dict, floats({1, 2})).substr(0, 30), {2}) ==
        path + ": error: truncated .npy header");
  CHECK(load_error(dir, std::string("\x93NUMPY\x07\x00\x10\x00", 10), {2}) ==
        path + ": error: .npy format version 7 is not 1, 2 or 3");
  // A version 2 header claiming 4 GiB is refused before it is read.
  CHECK(load_error(dir, std::string("\x93NUMPY\x02\x00\xff\xff\xff\xff", 12) + "{", {2}) ==
        path + ": error: .npy header of 4294967295 bytes exceeds 65536");
  CHECK(load_error(
            dir,
            npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", std::string(16, '\0')),
            {2}) == path +
                        ": error: holds dtype '<f8', not little-endian float32 ('<f4'); "
                        "save arr.astype('<f4')");
  CHECK(load_error(dir,
                   npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", floats({1, 2})),
                   {2}) == path +
                               ": error: holds a Fortran-order array; save "
                               "np.ascontiguousarray(arr)");
  // A huge declared shape is compared with the expected one, never allocated.
  CHECK(load_error(dir,
                   npy("{'descr': '<f4', 'fortran_order': False, 'shape': (999999999999999,), }",
                       floats({1, 2})),
                   {2}) == path + ": error: holds shape (999999999999999,), expected (2,)");
  CHECK(load_error(
            dir, npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", floats({1, 2})),
            {2}) == path + ": error: holds shape (1, 2), expected (2,)");
  CHECK(load_error(dir, npy(ok_dict, floats({1})), {2}) ==
        path + ": error: holds 4 bytes of data, expected 8 for shape (2,)");
  CHECK(load_error(dir, npy(ok_dict, floats({1, 2, 3})), {2}) ==
        path + ": error: holds 12 bytes of data, expected 8 for shape (2,)");
  CHECK(load_error(dir, npy("{'descr': '<f4', 'shape': (2,), }", floats({1, 2})), {2}) ==
        path + ": error: malformed .npy header: it needs 'descr', 'fortran_order' and 'shape'");
  CHECK(load_error(dir,
                   npy("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }", floats({1, 2})),
                   {2}) == path +
                               ": error: malformed .npy header: expected True or False at byte "
                               "34 of the header");
  CHECK(load_error(
            dir,
            npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }", floats({1, 2})),
            {2}) == path +
                        ": error: malformed .npy header: expected a non-negative "
                        "integer in the shape at byte 54 of the header");
  CHECK(load_error(
            dir,
            npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", floats({1, 2})),
            {2}) == path +
                        ": error: malformed .npy header: unknown key 'x' at byte 60 of "
                        "the header");
  CHECK(load_error(dir, npy("{'descr': '<f4", floats({1, 2})), {2}) ==
        path + ": error: malformed .npy header: unterminated string at byte 11 of the header");
  Array t({2});
  CHECK_THROWS_WITH(exec::load_npy(dir.file("missing.npy"), t),
                    "cannot open: No such file or directory");
}
