#ifndef LEITBILD_CLIBZ_SHIM_H
#define LEITBILD_CLIBZ_SHIM_H
/* zlib (Debian's zlib1g-dev): raw deflate and CRC-32 for the zip entries of project.qdpx (Reporting);
   CRC-32 of the run cache's entries (Pipeline). */
#include <zlib.h>
#endif
