#ifndef LEITBILD_CLIBXML2_SHIM_H
#define LEITBILD_CLIBXML2_SHIM_H
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#endif
