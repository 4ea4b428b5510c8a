#ifndef LEITBILD_CLIBXML2_SHIM_H
#define LEITBILD_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU, and libxml/encoding.h then includes the system's ICU headers,
   which clash with the ICU module bundled with Foundation ("UErrorCode is not present in
   definition ..."). Only the tail of xmlCharEncodingHandler depends on it, which Leitbild never
   touches, so the ICU part is left out of the Swift view. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#endif
