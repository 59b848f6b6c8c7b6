#include "tone_style.h"
