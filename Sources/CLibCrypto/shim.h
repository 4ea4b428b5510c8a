#ifndef LEITBILD_CLIBCRYPTO_SHIM_H
#define LEITBILD_CLIBCRYPTO_SHIM_H
/* Digests from OpenSSL's libcrypto (Debian's libssl-dev): SHA-256 (LeitbildCore: the run cache's keys, analysis.sqlite's snapshot), SHA-1 for REFI-QDA name-based UUIDs (Reporting). */
#include <openssl/evp.h>
#include <openssl/sha.h>
#endif
