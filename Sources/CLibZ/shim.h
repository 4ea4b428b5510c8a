#ifndef LEITBILD_CLIBZ_SHIM_H
#define LEITBILD_CLIBZ_SHIM_H
/* zlib (Debian's zlib1g-dev): raw deflate and CRC-32 for the zip entries of project.qdpx (Reporting). */
#include <zlib.h>
#endif
