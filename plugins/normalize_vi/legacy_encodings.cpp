#include "legacy_encodings.h"
