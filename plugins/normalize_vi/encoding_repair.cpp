#include "encoding_repair.h"
