#include "vietnamese_text.h"
