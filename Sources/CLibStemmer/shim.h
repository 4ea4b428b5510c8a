#ifndef LEITBILD_CLIBSTEMMER_SHIM_H
#define LEITBILD_CLIBSTEMMER_SHIM_H
#include <libstemmer.h>
#endif
