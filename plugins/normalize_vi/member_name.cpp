#include "member_name.h"
