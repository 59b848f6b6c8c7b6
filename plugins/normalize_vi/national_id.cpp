#include "national_id.h"
