#include "places.h"
