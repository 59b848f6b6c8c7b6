// SHA-256 against the FIPS 180-2 test vectors (appendix B), and the ways the
// host feeds it: in pieces, and from a file descriptor.
#include "sha256.h"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "test_support.h"

namespace hoso::internal {
namespace {

using namespace hoso::testing;

constexpr char kAbc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr char kTwoBlocks[] = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
constexpr char kMillionA[] = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
const std::string kTwoBlocksMessage = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

TEST(Sha256, Fips180_2OneBlockMessage) { EXPECT_EQ(Sha256Hex("abc"), kAbc); }

TEST(Sha256, Fips180_2MultiBlockMessage) { EXPECT_EQ(Sha256Hex(kTwoBlocksMessage), kTwoBlocks); }

TEST(Sha256, Fips180_2LongMessage) { EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')), kMillionA); }

TEST(Sha256, EmptyMessage) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// Lengths around the padding boundary (55, 56, 63, 64 bytes) take the
// length field into a block of its own or not.
TEST(Sha256, PaddingBoundaries) {
  EXPECT_EQ(Sha256Hex(std::string(55, 'a')),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(Sha256Hex(std::string(56, 'a')),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(Sha256Hex(std::string(63, 'a')),
            "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
  EXPECT_EQ(Sha256Hex(std::string(64, 'a')),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(Sha256, PiecesGiveTheSameDigestAsTheWhole) {
  const std::string message = std::string(1000, 'a') + kTwoBlocksMessage + std::string(130, 'z');
  const std::string whole = Sha256Hex(message);
  for (size_t piece : {1u, 3u, 63u, 64u, 65u, 200u}) {
    Sha256 hash;
    for (size_t at = 0; at < message.size(); at += piece) {
      hash.Update(std::string_view(message).substr(at, piece));
    }
    EXPECT_EQ(hash.HexDigest(), whole) << "pieces of " << piece;
  }
}

TEST(Sha256, HashesAFileThroughItsDescriptor) {
  const auto dir = Scratch("sha256");
  // Larger than the read buffer, so the file is read in several preads.
  WriteFile(dir / "big", std::string(3 * 1000000 + 17, 'a'));
  WriteFile(dir / "abc", "abc");
  const int fd = ::open((dir / "abc").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::lseek(fd, 2, SEEK_SET), 2);  // the offset does not matter
  std::string hex;
  ASSERT_TRUE(Sha256OfFile(fd, &hex));
  EXPECT_EQ(hex, kAbc);
  ::close(fd);

  const int big = ::open((dir / "big").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(big, 0);
  ASSERT_TRUE(Sha256OfFile(big, &hex));
  EXPECT_EQ(hex, Sha256Hex(std::string(3 * 1000000 + 17, 'a')));
  ::close(big);
}

// A real plugin library, against coreutils' sha256sum.
TEST(Sha256, AgreesWithSha256sumOnAPlugin) {
  const std::string file = kEnginePlugins + "/sequence_source.so";
  std::FILE* pipe = popen(("sha256sum " + file).c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char line[256] = {};
  const bool read = std::fgets(line, sizeof line, pipe) != nullptr;
  pclose(pipe);
  ASSERT_TRUE(read) << "sha256sum printed nothing";
  EXPECT_EQ(Sha256Hex(ReadFile(file)), std::string(line).substr(0, 64));
}

TEST(Sha256, RecognizesAHexDigest) {
  EXPECT_TRUE(IsSha256Hex(kAbc));
  EXPECT_TRUE(IsSha256Hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
  EXPECT_FALSE(IsSha256Hex(std::string(kAbc).substr(1)));
  EXPECT_FALSE(IsSha256Hex(std::string(kAbc).substr(1) + "g"));
  EXPECT_FALSE(IsSha256Hex(""));
}

}  // namespace
}  // namespace hoso::internal
