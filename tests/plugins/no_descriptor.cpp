// A shared library that is not a hoso plugin.
extern "C" __attribute__((visibility("default"))) int some_other_entry() { return 42; }
