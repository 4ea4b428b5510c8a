#ifndef LEITBILD_CLIBCRYPTO_SHIM_H
#define LEITBILD_CLIBCRYPTO_SHIM_H
/* Only the SHA-256 digest of OpenSSL's libcrypto (Debian's libssl-dev); used by the run cache. */
#include <openssl/evp.h>
#include <openssl/sha.h>
#endif
